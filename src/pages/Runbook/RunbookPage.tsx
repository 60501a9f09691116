import React, { useMemo, useState } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Field, RadioButtonGroup, Stack, Text, useStyles2 } from '@grafana/ui';
import { SettingsError } from '../../components/App/SettingsError';
import { useSettings } from '../../components/App/SettingsContext';
import { CATALOG } from '../../detections/catalog';
import type { Detection } from '../../detections/model';
import { commandArguments } from '../../runbook/commands';
import { RunbookContext, parseRunbookContext } from '../../runbook/context';
import { responsePlan } from '../../runbook/steps';
import { SUBJECT_KIND_LABELS, SubjectKind, runbookSubject, withSubjectKind } from '../../runbook/subject';
import type { CordonSettings } from '../../settings';
import { AlertContext } from './AlertContext';
import { AnalyzeSection } from './AnalyzeSection';
import { DetectionSummary } from './DetectionSummary';
import { ContainSection } from './ContainSection';
import { EvidenceSection } from './EvidenceSection';
import { InvestigateSection } from './InvestigateSection';
import { RemediateSection } from './RemediateSection';
import { RunbookNotFound } from './RunbookNotFound';

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.section} aria-label={title}>
      <Text element="h2">{title}</Text>
      {children}
    </section>
  );
}

interface RunbookProps {
  detection: Detection;
  settings?: CordonSettings;
  context: RunbookContext;
}

const SUBJECT_OPTIONS = (Object.keys(SUBJECT_KIND_LABELS) as SubjectKind[]).map((kind) => ({
  value: kind,
  label: SUBJECT_KIND_LABELS[kind],
}));

/** Renders the response sections for one alert, in the order a responder works through them. */
function Runbook({ detection, settings, context }: RunbookProps) {
  const inferred = useMemo(() => runbookSubject(detection, context), [detection, context]);
  const [kind, setKind] = useState<SubjectKind>(inferred.kind);
  const subject = useMemo(() => withSubjectKind(inferred, kind), [inferred, kind]);
  const args = useMemo(() => commandArguments(context, subject), [context, subject]);
  const plan = useMemo(() => responsePlan(subject, args), [subject, args]);

  return (
    <Stack direction="column" gap={4}>
      <DetectionSummary detection={detection} />
      <Section title="Alert">
        <AlertContext context={context} warnings={[...context.warnings, ...args.warnings]} />
        <Text element="p">
          About: <strong data-testid="runbook-subject">{plan.summary}</strong>
        </Text>
        <Field
          label="Steps for"
          description="Cordon picked this from the alert's values. Choose another kind if the alert is about something else."
        >
          <RadioButtonGroup options={SUBJECT_OPTIONS} value={kind} onChange={setKind} size="sm" />
        </Field>
      </Section>
      <Section title="1. Investigate">
        <InvestigateSection detection={detection} settings={settings} context={context} />
      </Section>
      <Section title="2. Capture evidence">
        <EvidenceSection detection={detection} plan={plan} />
      </Section>
      <Section title="3. Contain">
        <ContainSection detection={detection} plan={plan} />
      </Section>
      <Section title="4. Analyze">
        <AnalyzeSection plan={plan} />
      </Section>
      <Section title="5. Remediate and review">
        <RemediateSection detection={detection} />
      </Section>
    </Stack>
  );
}

/**
 * Renders the page an alert's runbook_url opens: /a/cordon-detection-app/runbook/:detectionId,
 * with the alert's labels and time as URL parameters. Every URL value is untrusted and rendered as text.
 */
export default function RunbookPage() {
  const { detectionId = '' } = useParams<{ detectionId: string }>();
  const { search } = useLocation();
  const settingsState = useSettings();
  // Without a time in the URL the steps use the moment the page was opened, fixed across renders.
  const [openedAt] = useState(() => Date.now());
  const context = useMemo(() => parseRunbookContext(search, openedAt), [search, openedAt]);
  const detection = CATALOG.find((candidate) => candidate.id === detectionId);

  if (!detection) {
    return (
      <PluginPage pageNav={{ text: 'Runbook' }}>
        <RunbookNotFound detectionId={detectionId} />
      </PluginPage>
    );
  }
  const settings = settingsState.status === 'valid' ? settingsState.settings : undefined;
  return (
    <PluginPage pageNav={{ text: `Runbook: ${detection.title}` }}>
      <Stack direction="column" gap={2}>
        {settingsState.status === 'invalid' && <SettingsError error={settingsState.error} />}
        {/* A new alert resets the kind the responder picked for the previous one. */}
        <Runbook key={`${detection.id}${search}`} detection={detection} settings={settings} context={context} />
      </Stack>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  section: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(2),
  }),
});
