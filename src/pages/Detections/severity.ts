import type { BadgeColor } from '@grafana/ui';
import type { Severity } from '../../detections/model';

/** Badge colors from the most to the least urgent. @grafana/ui has no yellow badge, so medium is purple. */
export const SEVERITY_COLORS: Record<Severity, BadgeColor> = {
  critical: 'red',
  high: 'orange',
  medium: 'purple',
  low: 'blue',
  info: 'darkgrey',
};
