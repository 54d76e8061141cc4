import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Label } from '../../components/ui/label';
import { Switch } from '../../components/ui/switch';
import { cn } from '../../lib/cn';
import { routeOptions } from './budgets-card';

/**
 * A set of route keys picked by the routes' labels, one switch a route: the
 * keys are secrets and are never shown. A key the list holds that no route has
 * any more is still offered (shortened), so it can be switched off.
 */
export function RouteSwitches(props: {
  label: string;
  hint?: string;
  error?: string | undefined;
  routes: readonly { key: string; label: string }[];
  values: readonly string[];
  onChange(values: string[]): void;
  className?: string;
}) {
  const { t } = useTranslation();
  const id = useId();
  const offered = props.routes
    .filter((route) => route.key !== '*')
    .concat(
      props.values
        .filter((key) => !props.routes.some((route) => route.key === key))
        .flatMap((key) => routeOptions([], key)),
    );
  return (
    <div className={cn('grid content-start gap-2', props.className)}>
      <span className="text-sm font-medium" id={`${id}-label`}>
        {props.label}
      </span>
      {props.hint && <p className="text-xs text-muted-foreground">{props.hint}</p>}
      {offered.length === 0 ? (
        <p className="text-sm text-muted-foreground">{t('guardrails.common.noRoutes')}</p>
      ) : (
        <div className="flex flex-wrap gap-x-6 gap-y-2" role="group" aria-labelledby={`${id}-label`}>
          {offered.map((route, index) => (
            <div key={route.key} className="flex items-center gap-2">
              <Switch
                id={`${id}-${index}`}
                checked={props.values.includes(route.key)}
                onCheckedChange={(checked) =>
                  props.onChange(
                    checked ? [...props.values, route.key] : props.values.filter((key) => key !== route.key),
                  )
                }
              />
              <Label htmlFor={`${id}-${index}`}>{route.label}</Label>
            </div>
          ))}
        </div>
      )}
      {props.error && (
        <p role="alert" className="text-xs font-medium text-destructive">
          {props.error}
        </p>
      )}
    </div>
  );
}
