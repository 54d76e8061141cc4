import { computeBodyDiff } from './compute-body-diff';

/** The worker's global, typed by what this file uses (the project's lib is DOM, not WebWorker). */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<{ id: number; left: string; right: string }>) => void) | null;
  postMessage(message: unknown): void;
};

/** Diffs big bodies off the page's thread, so the tab stays responsive while a megabyte is compared. */
scope.onmessage = (event) => {
  const { id, left, right } = event.data;
  scope.postMessage({ id, diff: computeBodyDiff(left, right) });
};
