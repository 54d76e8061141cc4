// Dashboard entry. Shows the engine's health until the full dashboard lands.
const root = document.getElementById('root');

async function showHealth(): Promise<void> {
  if (!root) return;
  try {
    const response = await fetch('/health');
    const health = (await response.json()) as { status: string; version: string };
    root.textContent = `AI Switch ${health.version}: ${health.status}`;
  } catch {
    root.textContent = 'AI Switch: the proxy is not reachable.';
  }
}

void showHealth();
