import type { EvidenceField } from '../../model';

/** The JSON path of a Falco output field, whose name contains dots. */
export const outputField = (name: string): string => `output_fields["${name}"]`;

const field = (label: string, ...names: string[]): EvidenceField => ({ label, paths: names.map(outputField) });

/**
 * Fields that every Falco alert carries. In text format (falcosidekick's default) an alert has only its
 * output line and stream labels, so the output_fields evidence stays empty there.
 */
export const ALERT_EVIDENCE: readonly EvidenceField[] = [
  { label: 'Output', paths: ['output'] },
  { label: 'Rule', paths: ['rule'] },
  { label: 'Priority', paths: ['priority'] },
  { label: 'Host', paths: ['hostname'] },
  { label: 'Tags', paths: ['tags[*]'] },
];

/** The process that triggered the rule, and the container it ran in. */
export const PROCESS_EVIDENCE: readonly EvidenceField[] = [
  field('Command line', 'proc.cmdline'),
  field('Process', 'proc.name'),
  field('Executable', 'proc.exepath', 'proc.exe'),
  field('Parent process', 'proc.pname'),
  field('Parent command line', 'proc.pcmdline'),
  field('User', 'user.name'),
  field('Login user ID', 'user.loginuid'),
  field('Terminal', 'proc.tty'),
  field('Container ID', 'container.id'),
  field('Container name', 'container.name'),
  field('Image', 'container.image.repository'),
  field('Image tag', 'container.image.tag'),
];

/** The file a rule saw opened, renamed or deleted. */
export const FILE_EVIDENCE: readonly EvidenceField[] = [
  field('File', 'fd.name'),
  field('Path argument', 'evt.arg.name', 'evt.arg.path', 'evt.arg.filename'),
  field('Old path', 'evt.arg.oldpath'),
];

/** The connection a network rule saw. */
export const NETWORK_EVIDENCE: readonly EvidenceField[] = [
  field('Connection', 'fd.name'),
  field('Server address', 'fd.sip'),
  field('Server name', 'fd.sip.name'),
  field('Remote port', 'fd.rport'),
  field('Protocol', 'fd.l4proto'),
];
