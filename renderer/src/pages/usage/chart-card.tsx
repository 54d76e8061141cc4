import { ArrowDown, ArrowUp, Download } from 'lucide-react';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../../components/ui/card';
import { downloadText } from '../../lib/download-text';
import { toCsv } from '../../lib/to-csv';

export interface TableColumn<Row> {
  id: string;
  header: string;
  /** The raw value: sorts the table and fills the CSV. */
  value(row: Row): string | number | undefined;
  /** How the cell reads on screen (locale numbers, money). */
  format?(row: Row): string;
  numeric?: boolean;
}

/** A chart with the same numbers in a sortable table under it, and those numbers as CSV. */
export function ChartCard<Row>(props: {
  title: string;
  description?: string;
  chart: ReactNode;
  columns: readonly TableColumn<Row>[];
  rows: readonly Row[];
  fileName: string;
  testId: string;
  footer?: Row;
}) {
  const { t } = useTranslation();
  const [sort, setSort] = useState<{ id: string; descending: boolean } | undefined>();
  const sorted = useMemo(() => {
    const column = props.columns.find((candidate) => candidate.id === sort?.id);
    if (!column || !sort) return props.rows;
    const direction = sort.descending ? -1 : 1;
    return [...props.rows].sort((left, right) => {
      const a = column.value(left);
      const b = column.value(right);
      if (a === b) return 0;
      if (a === undefined) return 1;
      if (b === undefined) return -1;
      return (a < b ? -1 : 1) * direction;
    });
  }, [props.rows, props.columns, sort]);
  const cell = (column: TableColumn<Row>, row: Row): string =>
    column.format ? column.format(row) : String(column.value(row) ?? '—');

  return (
    <Card data-testid={props.testId}>
      <CardHeader className="flex flex-row items-start gap-2">
        <div className="grid min-w-0 flex-1 gap-1">
          <CardTitle>{props.title}</CardTitle>
          {props.description && <p className="text-xs text-muted-foreground">{props.description}</p>}
        </div>
        <Button
          variant="outline"
          size="sm"
          onClick={() =>
            downloadText(
              props.fileName,
              toCsv(
                props.columns.map((column) => ({ header: column.header, value: column.value })),
                props.rows,
              ),
              'text/csv',
            )
          }
        >
          <Download aria-hidden />
          {t('usage.csv')}
        </Button>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="h-64" role="img" aria-label={props.title}>
          {props.chart}
        </div>
        <details>
          <summary className="cursor-pointer text-xs text-muted-foreground">{t('usage.showTable')}</summary>
          <div className="mt-2 max-h-80 overflow-auto">
            <table className="w-full text-xs">
              <thead className="sticky top-0 bg-card text-left text-muted-foreground">
                <tr>
                  {props.columns.map((column) => {
                    const active = sort?.id === column.id;
                    return (
                      <th
                        key={column.id}
                        scope="col"
                        className={`p-1.5 font-medium ${column.numeric ? 'text-right' : ''}`}
                        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
                      >
                        <button
                          type="button"
                          className="inline-flex items-center gap-1 rounded hover:text-foreground focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                          onClick={() =>
                            setSort({
                              id: column.id,
                              descending: active ? !sort.descending : column.numeric === true,
                            })
                          }
                        >
                          {column.header}
                          {active &&
                            (sort.descending ? (
                              <ArrowDown className="size-3" aria-hidden />
                            ) : (
                              <ArrowUp className="size-3" aria-hidden />
                            ))}
                        </button>
                      </th>
                    );
                  })}
                </tr>
              </thead>
              <tbody className="divide-y tabular-nums">
                {sorted.map((row, index) => (
                  <tr key={index}>
                    {props.columns.map((column) => (
                      <td key={column.id} className={`p-1.5 ${column.numeric ? 'text-right' : ''}`}>
                        {cell(column, row)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              {props.footer && (
                <tfoot className="border-t font-semibold">
                  <tr>
                    {props.columns.map((column) => (
                      <td key={column.id} className={`p-1.5 ${column.numeric ? 'text-right' : ''}`}>
                        {cell(column, props.footer as Row)}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              )}
            </table>
          </div>
        </details>
      </CardContent>
    </Card>
  );
}
