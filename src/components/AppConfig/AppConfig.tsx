import React, { FormEvent, useMemo, useState } from 'react';
import { AppPluginMeta, PluginConfigPageProps } from '@grafana/data';
import { DataSourcePicker } from '@grafana/runtime';
import { Alert, Button, Field, FieldSet, RadioButtonGroup, Stack } from '@grafana/ui';
import { CordonSettings, DEFAULT_SETTINGS, MAX_ARRAY_ELEMENTS_LIMIT } from '../../settings';
import { settingsState } from '../App/SettingsContext';
import { InstallRules } from '../InstallRules/InstallRules';
import { testIds } from '../testIds';
import { ConfigForm, FalcoLabelKey, formFromJsonData, jsonDataFromForm, validateForm } from './configForm';
import { describeSaveError, reloadPage, savePluginSettings } from './settingsApi';
import { TextSettingField } from './TextSettingField';
import { TuningFieldSet } from './TuningFieldSet';
import { setTuningText, withoutUnknownTuning } from './tuningForm';

export interface AppConfigProps extends PluginConfigPageProps<AppPluginMeta<Partial<CordonSettings>>> {}

const FALCO_FORMATS = [
  {
    label: 'Text',
    value: 'text' as const,
    description: "falcosidekick's default Loki format: the line is Falco's output text",
  },
  { label: 'JSON', value: 'json' as const, description: "Falco's JSON alert, one object per line" },
];

const FALCO_LABELS: Array<{ key: FalcoLabelKey; label: string }> = [
  { key: 'rule', label: 'Rule label' },
  { key: 'priority', label: 'Priority label' },
  { key: 'namespace', label: 'Namespace label' },
  { key: 'pod', label: 'Pod label' },
];

type SaveState = { status: 'idle' } | { status: 'saving' } | { status: 'failed'; error: string };

const defaultHint = (value: string) => (value === '' ? 'Default: none.' : `Default: ${value}`);

/** Shows the app's settings form: data sources, stream selectors, Falco format and labels, metric matchers, limits and tuning. */
const AppConfig = ({ plugin }: AppConfigProps) => {
  const { id, enabled, pinned, jsonData } = plugin.meta;
  const [form, setForm] = useState<ConfigForm>(() => formFromJsonData(jsonData));
  const [save, setSave] = useState<SaveState>({ status: 'idle' });
  const errors = useMemo(() => validateForm(form), [form]);
  const errorCount = Object.keys(errors).length;
  // Alert rules are built from the saved settings, not from unsaved edits in the form.
  const saved = useMemo(() => settingsState(jsonData), [jsonData]);

  const update = <K extends keyof ConfigForm>(key: K, value: ConfigForm[K]) =>
    setForm((previous) => ({ ...previous, [key]: value }));
  const updateLabel = (key: FalcoLabelKey, value: string) =>
    setForm((previous) => ({ ...previous, falcoLabels: { ...previous.falcoLabels, [key]: value } }));
  const updateTuning = (detectionId: string, name: string, text: string | undefined) =>
    setForm((previous) => ({ ...previous, tuning: setTuningText(previous.tuning, detectionId, name, text) }));

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (errorCount > 0) {
      return;
    }
    setSave({ status: 'saving' });
    try {
      await savePluginSettings(id, { enabled, pinned, jsonData: jsonDataFromForm(form, jsonData) });
      reloadPage();
    } catch (error) {
      setSave({ status: 'failed', error: describeSaveError(error) });
    }
  };

  return (
    <Stack direction="column" gap={4}>
      <form onSubmit={onSubmit} data-testid={testIds.appConfig.form} aria-label="Cordon settings">
        <FieldSet label="Data sources">
          <Field
            label="Loki"
            description="Stores the Kubernetes audit log, Falco alerts and container runtime events."
            htmlFor="cordon-loki"
          >
            <DataSourcePicker
              inputId="cordon-loki"
              type="loki"
              noDefault
              current={form.lokiUid ?? null}
              width={60}
              onChange={(datasource) => update('lokiUid', datasource.uid)}
              onClear={() => update('lokiUid', undefined)}
            />
          </Field>
          <Field
            label="Prometheus"
            description="Scrapes cAdvisor (through the kubelet) and kube-state-metrics."
            htmlFor="cordon-prometheus"
          >
            <DataSourcePicker
              inputId="cordon-prometheus"
              type="prometheus"
              noDefault
              current={form.prometheusUid ?? null}
              width={60}
              onChange={(datasource) => update('prometheusUid', datasource.uid)}
              onClear={() => update('prometheusUid', undefined)}
            />
          </Field>
        </FieldSet>

        <FieldSet label="Log streams">
          <TextSettingField
            id="cordon-audit-selector"
            label="Kubernetes audit log selector"
            description={`Loki stream selector of the API server audit log, label matchers only. ${defaultHint(DEFAULT_SETTINGS.auditSelector)}`}
            value={form.auditSelector}
            error={errors.auditSelector}
            onChange={(value) => update('auditSelector', value)}
          />
          <TextSettingField
            id="cordon-falco-selector"
            label="Falco alert selector"
            description={`Loki stream selector of Falco alerts. ${defaultHint(DEFAULT_SETTINGS.falcoSelector)}`}
            value={form.falcoSelector}
            error={errors.falcoSelector}
            onChange={(value) => update('falcoSelector', value)}
          />
          <TextSettingField
            id="cordon-runtime-selector"
            label="Container runtime event selector"
            description={`Loki stream selector of Docker engine events in JSON. ${defaultHint(DEFAULT_SETTINGS.runtimeSelector)}`}
            value={form.runtimeSelector}
            error={errors.runtimeSelector}
            onChange={(value) => update('runtimeSelector', value)}
          />
        </FieldSet>

        <FieldSet label="Falco">
          <Field label="Alert format" description="How falcosidekick writes each alert to Loki.">
            <RadioButtonGroup
              options={FALCO_FORMATS}
              value={form.falcoFormat}
              onChange={(value) => update('falcoFormat', value)}
            />
          </Field>
          <Stack gap={2} wrap="wrap">
            {FALCO_LABELS.map(({ key, label }) => (
              <TextSettingField
                key={key}
                id={`cordon-falco-label-${key}`}
                label={label}
                description={`Stream label, read in text format. Default: ${DEFAULT_SETTINGS.falcoLabels[key]}`}
                value={form.falcoLabels[key]}
                error={errors[`falcoLabels.${key}`]}
                width={28}
                onChange={(value) => updateLabel(key, value)}
              />
            ))}
          </Stack>
        </FieldSet>

        <FieldSet label="Metrics">
          <TextSettingField
            id="cordon-cadvisor-matchers"
            label="Extra cAdvisor matchers"
            description="Label matchers without braces, added to every container_ series selector. Default: none."
            placeholder='job="kubelet"'
            value={form.cadvisorMatchers}
            error={errors.cadvisorMatchers}
            onChange={(value) => update('cadvisorMatchers', value)}
          />
          <TextSettingField
            id="cordon-ksm-matchers"
            label="Extra kube-state-metrics matchers"
            description="Label matchers without braces, added to every kube_ series selector. Default: none."
            placeholder='job="kube-state-metrics"'
            value={form.kubeStateMetricsMatchers}
            error={errors.kubeStateMetricsMatchers}
            onChange={(value) => update('kubeStateMetricsMatchers', value)}
          />
        </FieldSet>

        <FieldSet label="Query limits">
          <TextSettingField
            id="cordon-max-array-elements"
            label="Array elements inspected"
            description={`Containers, volumes and patch operations each log query reads per event, from 1 to ${MAX_ARRAY_ELEMENTS_LIMIT}. An event with more elements counts as a match, so nothing hides past the limit. Default: ${DEFAULT_SETTINGS.maxArrayElements}`}
            value={form.maxArrayElements}
            error={errors.maxArrayElements}
            width={12}
            onChange={(value) => update('maxArrayElements', value)}
          />
        </FieldSet>

        <TuningFieldSet
          tuning={form.tuning}
          errors={errors}
          onChange={updateTuning}
          onRemoveUnknown={() => setForm((previous) => ({ ...previous, tuning: withoutUnknownTuning(previous.tuning) }))}
        />

        {save.status === 'failed' && (
          <Alert severity="error" title="The settings were not saved">
            {save.error}
          </Alert>
        )}
        <Stack alignItems="center" gap={2}>
          <Button
            type="submit"
            data-testid={testIds.appConfig.submit}
            disabled={errorCount > 0 || save.status === 'saving'}
          >
            {save.status === 'saving' ? 'Saving…' : 'Save settings'}
          </Button>
          {errorCount > 0 && (
            <span>Correct {errorCount === 1 ? 'the field' : `the ${errorCount} fields`} marked in red to save.</span>
          )}
        </Stack>
      </form>

      {saved.status === 'valid' ? (
        <InstallRules settings={saved.settings} />
      ) : (
        <Alert severity="warning" title="Alert rules cannot be installed yet">
          The saved settings are invalid: {saved.error} Correct the value above and save, then install the alert rules.
        </Alert>
      )}
    </Stack>
  );
};

export default AppConfig;
