import { RotateCcw, Save } from 'lucide-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { toast } from 'sonner';
import type { AppConfig } from '../../../../main/core/config/schema';
import type { CallError } from '../../client/call-error';
import { calls } from '../../client/calls';
import { EDITOR_HEADER } from '../../components/editor-header';
import { ErrorNotice, QueryState } from '../../components/query-state';
import { UnsavedChangesGuard } from '../../components/unsaved-changes-guard';
import { Button } from '../../components/ui/button';
import { collectSchemaErrors, collectServerErrors, errorAt } from '../../lib/collect-field-errors';
import { maskRouteKey, typedConfig, useConfig } from '../../queries/use-config';
import { useMutate } from '../../queries/use-contract';
import { AuditLogCard } from './audit-log-card';
import { BudgetsCard } from './budgets-card';
import { CacheCard, LockoutCard } from './cache-lockout-cards';
import type { EditorSectionProps } from './editor-section';
import { configToGuardrailsForm, guardrailsFormToInput, type GuardrailsForm } from './guardrails-form-state';
import { GuardrailsStatusCards } from './guardrails-status-cards';
import { InterceptRulesCard } from './intercept-rules-card';
import { RateLimitsCard } from './rate-limits-card';

/** Budgets, rate limits, interception, the cache and lockout: live state, editors, and the audit log. */
export default function GuardrailsPage() {
  const { t } = useTranslation();
  const config = useConfig();
  return (
    <div className="grid gap-4">
      <div className="grid gap-1">
        <h1 className="text-2xl font-semibold">{t('guardrails.title')}</h1>
        <p className="text-sm text-muted-foreground">{t('guardrails.description')}</p>
      </div>
      <GuardrailsStatusCards />
      <QueryState query={config}>
        {(answer) => {
          const typed = typedConfig(answer);
          return <GuardrailsEditor key={JSON.stringify(typed.guardrails)} config={typed} />;
        }}
      </QueryState>
      <AuditLogCard />
    </div>
  );
}

function GuardrailsEditor(props: { config: AppConfig }) {
  const { t } = useTranslation();
  const initial = useMemo(() => configToGuardrailsForm(props.config.guardrails), [props.config]);
  const [form, setForm] = useState<GuardrailsForm>(initial);
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [serverMessage, setServerMessage] = useState<string>();
  const save = useMutate('guardrailsUpdate');
  const dirty = useMemo(() => JSON.stringify(form) !== JSON.stringify(initial), [form, initial]);

  const input = useMemo(() => guardrailsFormToInput(form), [form]);
  const localErrors = useMemo(
    () => collectSchemaErrors(calls.guardrailsUpdate.input.safeParse(input).error),
    [input],
  );
  const errors = { ...(touched ? localErrors : {}), ...serverErrors };

  const routes = useMemo(
    () => [
      { key: '*', label: '*' },
      ...Object.entries(props.config.routes).map(([key, route]) => ({
        key,
        label: route.label ?? maskRouteKey(key),
      })),
    ],
    [props.config.routes],
  );
  const section: EditorSectionProps = {
    form,
    update: (change) => {
      setForm(change);
      // A field's server error stays until the field is edited; the next save answers afresh.
      setServerErrors({});
    },
    errorAt: (path) => errorAt(errors, path),
    errorExactly: (path) => errors[path],
    routes,
    providers: Object.entries(props.config.providers).map(([id, provider]) => ({
      id,
      label: provider.name ?? id,
    })),
  };

  const submit = async (): Promise<void> => {
    setTouched(true);
    setServerMessage(undefined);
    if (Object.keys(localErrors).length > 0) {
      setServerMessage(t('guardrails.fixErrors'));
      return;
    }
    try {
      await save.mutateAsync(input);
      toast.success(t('guardrails.saved'));
    } catch (caught) {
      const error = caught as CallError;
      setServerMessage(error.message);
      setServerErrors(collectServerErrors(error.fields, ['guardrails']));
    }
  };

  return (
    <form
      className="grid gap-4"
      noValidate
      aria-label={t('guardrails.editor')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <div className={EDITOR_HEADER}>
        <h2 className="text-lg font-semibold">{t('guardrails.editor')}</h2>
        {dirty && (
          <span className="text-xs text-warning" role="status" data-testid="unsaved">
            {t('guardrails.unsaved')}
          </span>
        )}
        <div className="ml-auto flex gap-2">
          <Button
            variant="outline"
            disabled={!dirty}
            onClick={() => {
              setForm(initial);
              setServerErrors({});
              setServerMessage(undefined);
              setTouched(false);
            }}
          >
            <RotateCcw aria-hidden />
            {t('guardrails.discard')}
          </Button>
          <Button type="submit" busy={save.isPending}>
            <Save aria-hidden />
            {t('common.save')}
          </Button>
        </div>
      </div>
      <UnsavedChangesGuard dirty={dirty} />
      {serverMessage && <ErrorNotice message={serverMessage} />}
      <BudgetsCard {...section} />
      <RateLimitsCard {...section} />
      <InterceptRulesCard {...section} />
      <CacheCard {...section} />
      <LockoutCard {...section} />
    </form>
  );
}
