import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { config } from '@grafana/runtime';
import { Alert, LinkButton, Stack, Text, TextLink, useStyles2 } from '@grafana/ui';
import { CONFIG_PAGE_URL } from '../../constants';
import type { Detection } from '../../detections/model';
import type { RunbookContext } from '../../runbook/context';
import { InvestigateLink, investigateLinks } from '../../runbook/investigate';
import type { CordonSettings } from '../../settings';
import { CodeBlock } from './CommandBlock';
import { GuidanceList } from './GuidanceList';
import { DisclosureButton } from '../../components/DisclosureButton';

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
      <LinkButton
        href={link.url}
        icon="compass"
        variant="secondary"
        size="sm"
        aria-label={`Open in Explore: ${link.title}`}
      >
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

/** Shows one query as a button and a line of text; the query itself, often many kilobytes, stays folded. */
function ExploreLink({ link }: { link: InvestigateLink }) {
  const styles = useStyles2(getStyles);
  const [open, setOpen] = useState(false);
  const queryId = `query-text-${link.id}`;
  return (
    <li className={styles.link}>
      <Stack direction="column" gap={0.5}>
        <Stack alignItems="center" gap={1} wrap="wrap">
          <ExploreAction link={link} />
          <Text weight="medium">{link.title}</Text>
          <DisclosureButton open={open} onToggle={() => setOpen(!open)} controls={queryId}>
            {open ? 'Hide query' : 'Show query'}
          </DisclosureButton>
        </Stack>
        <Text color="secondary" variant="bodySmall">
          {link.description}
        </Text>
        {open && (
          <div id={queryId}>
            <Text color="secondary" variant="bodySmall">
              {formatRange(link)}
            </Text>
            <CodeBlock text={link.query} testId={`query-${link.id}`} />
          </div>
        )}
      </Stack>
    </li>
  );
}

/** Lists Explore queries; a list stays readable because each query is one line until opened. */
function ExploreLinks({ links, label }: { links: readonly InvestigateLink[]; label: string }) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={styles.list} aria-label={label}>
      {links.map((link) => (
        <ExploreLink key={link.id} link={link} />
      ))}
    </ul>
  );
}

/**
 * Renders the Investigate section: the detection's own questions, then Explore queries around the
 * alert. Queries that need a value the alert did not pass, such as the pod of a binding alert,
 * are folded away, unless the page has no alert values at all and every query needs them.
 */
export function InvestigateSection({ detection, settings, context }: InvestigateSectionProps) {
  const [showIncomplete, setShowIncomplete] = useState(false);
  const links = settings ? investigateLinks({ detection, settings, context, appSubUrl: config.appSubUrl ?? '' }) : [];
  const datasourceMissing =
    settings !== undefined && links.some((link) => link.url === undefined && link.missing.length === 0);
  const hasValues = Object.keys(context.values).length > 0;
  const complete = hasValues ? links.filter((link) => link.missing.length === 0) : links;
  const incomplete = hasValues ? links.filter((link) => link.missing.length > 0) : [];

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
      {links.length > 0 && (
        <Stack direction="column" gap={1}>
          <Text element="h3" variant="h5">
            Events around the alert
          </Text>
          <ExploreLinks links={complete} label="Explore queries" />
          {incomplete.length > 0 && (
            <div>
              <DisclosureButton
                open={showIncomplete}
                onToggle={() => setShowIncomplete(!showIncomplete)}
                controls="incomplete-queries"
              >
                {`${incomplete.length} more ${incomplete.length === 1 ? 'query needs' : 'queries need'} values this alert did not pass`}
              </DisclosureButton>
              {showIncomplete && (
                <div id="incomplete-queries">
                  <ExploreLinks links={incomplete} label="Explore queries that need more values" />
                </div>
              )}
            </div>
          )}
        </Stack>
      )}
    </Stack>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  list: css({
    listStyle: 'none',
    margin: theme.spacing(1, 0, 0, 0),
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1.5),
  }),
  link: css({
    padding: theme.spacing(1),
    borderLeft: `2px solid ${theme.colors.border.medium}`,
  }),
});
