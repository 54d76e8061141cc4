import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import type { AppConfig } from '../../../../main/core/config/schema';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { maskRouteKey } from '../../queries/use-config';
import { useMutate } from '../../queries/use-contract';

const DEFAULT_FIELDS = [
  'default_route',
  'default_anthropic_route',
  'default_chat_route',
  'default_responses_route',
  'default_gemini_route',
] as const;
const NONE = '__none__';

/** Which route serves a request that brings no route key, overall and per protocol. */
export function DefaultRoutesCard(props: { config: AppConfig }) {
  const { t } = useTranslation();
  const update = useMutate('defaultsUpdate', {
    onSuccess: () => toast.success(t('routes.defaults.saved')),
    onError: (error) => toast.error(error.message),
  });
  const routes = Object.entries(props.config.routes);
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('routes.defaults.title')}</CardTitle>
        <CardDescription>{t('routes.defaults.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
        {DEFAULT_FIELDS.map((field) => (
          <div key={field} className="grid gap-1.5">
            <Label htmlFor={field}>{t(`routes.defaults.${field}`)}</Label>
            <Select
              value={props.config[field] ?? NONE}
              onValueChange={(value) => update.mutate({ [field]: value === NONE ? null : value })}
            >
              <SelectTrigger id={field}>
                <SelectValue />
              </SelectTrigger>
              <SelectContent>
                <SelectItem value={NONE}>{t('routes.defaults.none')}</SelectItem>
                {routes.map(([key, route]) => (
                  <SelectItem key={key} value={key}>
                    {route.label ?? maskRouteKey(key)}
                  </SelectItem>
                ))}
              </SelectContent>
            </Select>
          </div>
        ))}
      </CardContent>
    </Card>
  );
}
