/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180); formulas defused for spreadsheets. */
function csvField(value: unknown): string {
  if (value === undefined || value === null) return '';
  let text = typeof value === 'string' ? value : String(value);
  // A cell starting with = + - @ runs as a formula in Excel and LibreOffice; a leading ' keeps it text.
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** A CSV document: a header line, then one line per row, in the columns' order. */
export function toCsv<Row>(
  columns: readonly { header: string; value(row: Row): unknown }[],
  rows: readonly Row[],
): string {
  const lines = [columns.map((column) => csvField(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(column.value(row))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
