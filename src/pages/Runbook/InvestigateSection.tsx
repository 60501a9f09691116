import React from 'react';
import { config } from '@grafana/runtime';
import { Alert, Card, LinkButton, Stack, Text, TextLink } from '@grafana/ui';
import { CONFIG_PAGE_URL } from '../../constants';
import type { Detection } from '../../detections/model';
import type { RunbookContext } from '../../runbook/context';
import { InvestigateLink, investigateLinks } from '../../runbook/investigate';
import type { CordonSettings } from '../../settings';
import { CodeBlock } from './CommandBlock';
import { GuidanceList } from './GuidanceList';

interface InvestigateSectionProps {
  detection: Detection;
  /** Undefined when the stored settings are invalid; the page explains why. */
  settings?: CordonSettings;
  context: RunbookContext;
}

function formatRange(link: InvestigateLink): string {
  return `${new Date(link.range.fromMs).toISOString()} to ${new Date(link.range.toMs).toISOString()}`;
}

/** Renders the Explore button, or the alert values the query still needs. */
function ExploreAction({ link }: { link: InvestigateLink }) {
  if (link.url) {
    return (
      <LinkButton href={link.url} icon="compass" variant="secondary" size="sm">
        Open in Explore
      </LinkButton>
    );
  }
  if (link.missing.length > 0) {
    return (
      <Text color="secondary">Needs {link.missing.map((field) => `<${field}>`).join(' and ')} from the alert.</Text>
    );
  }
  return null;
}

function ExploreLink({ link }: { link: InvestigateLink }) {
  return (
    <Card>
      <Card.Heading>{link.title}</Card.Heading>
      <Card.Description>
        <Stack direction="column" gap={1}>
          <Text color="secondary">{formatRange(link)}</Text>
          <CodeBlock text={link.query} testId={`query-${link.id}`} />
        </Stack>
      </Card.Description>
      <Card.Actions>
        <ExploreAction link={link} />
      </Card.Actions>
    </Card>
  );
}

/** Renders the Investigate section: the detection's own questions, then Explore queries around the alert. */
export function InvestigateSection({ detection, settings, context }: InvestigateSectionProps) {
  const links = settings ? investigateLinks({ detection, settings, context, appSubUrl: config.appSubUrl ?? '' }) : [];
  const datasourceMissing =
    settings !== undefined && links.some((link) => link.url === undefined && link.missing.length === 0);

  return (
    <Stack direction="column" gap={2}>
      <GuidanceList title="For this detection" items={detection.response.investigate} />
      {datasourceMissing && (
        <Alert severity="info" title="Configure the Loki data source to open these queries in Explore">
          Cordon does not know which Loki or Prometheus data source holds your events. Choose them on the{' '}
          <TextLink href={CONFIG_PAGE_URL} inline>
            configuration page
          </TextLink>{' '}
          (administrators only); until then, copy a query into Explore by hand.
        </Alert>
      )}
      {links.map((link) => (
        <ExploreLink key={link.id} link={link} />
      ))}
    </Stack>
  );
}
