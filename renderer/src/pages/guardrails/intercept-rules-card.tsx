import { Plus } from 'lucide-react';
import { useTranslation } from 'react-i18next';
import {
  INTERCEPT_ACTIONS,
  INTERCEPT_MATCHES,
  INTERCEPT_TARGETS,
} from '../../../../main/core/config/guardrails-schema';
import { StringListEditor } from '../../components/string-list-editor';
import { Button } from '../../components/ui/button';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '../../components/ui/card';
import { Field } from '../../components/ui/field';
import { Input, Textarea } from '../../components/ui/input';
import { Label } from '../../components/ui/label';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '../../components/ui/select';
import { Switch } from '../../components/ui/switch';
import { removeAt, replaceAt, type EditorSectionProps } from './editor-section';
import { RemoveRowButton } from './remove-row-button';
import { emptyRule, type RuleRow } from './guardrails-form-state';

/** One select of a rule: its value, its options, and each option's translated name. */
function RuleSelect<Value extends string>(props: {
  label: string;
  value: Value;
  options: readonly Value[];
  optionLabel(value: Value): string;
  error?: string | undefined;
  onChange(value: Value): void;
}) {
  return (
    <Field label={props.label} error={props.error}>
      {(control) => (
        <Select value={props.value} onValueChange={(value) => props.onChange(value as Value)}>
          <SelectTrigger {...control}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {props.options.map((option) => (
              <SelectItem key={option} value={option}>
                {props.optionLabel(option)}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      )}
    </Field>
  );
}

/** Command interception: what to watch, how to match, what to do; and the built-in starter rules. */
export function InterceptRulesCard(props: EditorSectionProps) {
  const { t } = useTranslation();
  const change = (index: number, patch: Partial<RuleRow>): void =>
    props.update((form) => ({ ...form, intercept: replaceAt(form.intercept, index, patch) }));
  return (
    <Card data-testid="intercept-editor">
      <CardHeader>
        <CardTitle>{t('guardrails.intercept.title')}</CardTitle>
        <CardDescription>{t('guardrails.intercept.description')}</CardDescription>
      </CardHeader>
      <CardContent className="grid gap-3">
        <div className="flex items-start gap-3 rounded-md border p-3">
          <Switch
            id="starter-rules"
            checked={props.form.starter_rules}
            onCheckedChange={(starter_rules) => props.update((form) => ({ ...form, starter_rules }))}
            aria-describedby="starter-rules-hint"
          />
          <div className="grid gap-1">
            <Label htmlFor="starter-rules">{t('guardrails.intercept.starterRules')}</Label>
            <p id="starter-rules-hint" className="text-xs text-muted-foreground">
              {t('guardrails.intercept.starterRulesHint')}
            </p>
          </div>
        </div>
        {props.form.intercept.length === 0 && (
          <p className="text-sm text-muted-foreground">{t('guardrails.intercept.none')}</p>
        )}
        {props.form.intercept.map((row, index) => {
          const at = (field: string) => props.errorAt(`intercept.${index}.${field}`);
          const rowError = props.errorExactly(`intercept.${index}`);
          return (
            <fieldset
              key={index}
              className="grid gap-3 rounded-md border p-3 sm:grid-cols-2 lg:grid-cols-4"
              aria-label={t('guardrails.intercept.row', { index: index + 1 })}
              data-testid={`rule-${index}`}
            >
              <Field label={t('guardrails.common.name')} error={at('name')}>
                {(control) => (
                  <Input
                    {...control}
                    value={row.name}
                    placeholder={t('guardrails.common.namePlaceholder')}
                    onChange={(event) => change(index, { name: event.target.value })}
                  />
                )}
              </Field>
              <RuleSelect
                label={t('guardrails.intercept.target')}
                value={row.target}
                options={INTERCEPT_TARGETS}
                optionLabel={(value) => t(`guardrails.intercept.targets.${value}`)}
                error={at('target')}
                onChange={(target) => change(index, { target })}
              />
              <RuleSelect
                label={t('guardrails.intercept.match')}
                value={row.match}
                options={INTERCEPT_MATCHES}
                optionLabel={(value) => t(`guardrails.intercept.matches.${value}`)}
                error={at('match')}
                onChange={(match) => change(index, { match })}
              />
              <RuleSelect
                label={t('guardrails.intercept.action')}
                value={row.action}
                options={INTERCEPT_ACTIONS}
                optionLabel={(value) => t(`guardrails.intercept.actions.${value}`)}
                error={at('action')}
                onChange={(action) => change(index, { action })}
              />
              <Field
                label={t('guardrails.intercept.patterns')}
                hint={t(`guardrails.intercept.patternHint.${row.match}`)}
                error={at('pattern')}
                className="sm:col-span-2"
              >
                {(control) => (
                  <Textarea
                    {...control}
                    rows={2}
                    spellCheck={false}
                    value={row.patterns}
                    placeholder={row.match === 'command' ? 'rm -rf /' : ''}
                    onChange={(event) => change(index, { patterns: event.target.value })}
                  />
                )}
              </Field>
              <Field
                label={t('guardrails.intercept.message')}
                hint={t('guardrails.intercept.messageHint')}
                error={at('message')}
                className="sm:col-span-2"
              >
                {(control) => (
                  <Input
                    {...control}
                    value={row.message}
                    onChange={(event) => change(index, { message: event.target.value })}
                  />
                )}
              </Field>
              {row.target === 'tool_call' && (
                <Field
                  label={t('guardrails.intercept.tools')}
                  hint={t('guardrails.intercept.toolsHint')}
                  error={at('tools')}
                  className="sm:col-span-2"
                >
                  {(control) => (
                    <StringListEditor
                      id={control.id}
                      describedBy={control['aria-describedby']}
                      label={t('guardrails.intercept.tools')}
                      values={row.tools}
                      placeholder="Bash"
                      onChange={(tools) => change(index, { tools })}
                    />
                  )}
                </Field>
              )}
              <div className="flex items-center justify-between gap-3 self-end pb-2 sm:col-span-2">
                <div className="flex items-center gap-2">
                  <Switch
                    id={`rule-${index}-ignore-case`}
                    checked={row.ignore_case}
                    disabled={row.match === 'command'}
                    onCheckedChange={(ignore_case) => change(index, { ignore_case })}
                  />
                  <Label htmlFor={`rule-${index}-ignore-case`}>{t('guardrails.intercept.ignoreCase')}</Label>
                </div>
                <RemoveRowButton
                  label={t('guardrails.intercept.remove', { index: index + 1 })}
                  onRemove={() =>
                    props.update((form) => ({ ...form, intercept: removeAt(form.intercept, index) }))
                  }
                />
              </div>
              {rowError && (
                <p role="alert" className="col-span-full text-xs font-medium text-destructive">
                  {rowError}
                </p>
              )}
            </fieldset>
          );
        })}
        <div>
          <Button
            variant="outline"
            size="sm"
            onClick={() => props.update((form) => ({ ...form, intercept: [...form.intercept, emptyRule()] }))}
          >
            <Plus aria-hidden />
            {t('guardrails.intercept.add')}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
