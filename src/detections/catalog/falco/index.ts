import type { LogDetection } from '../../model';
import { falcoContainerDrift } from './containerDrift';
import { falcoEscapePrimitive } from './escapePrimitive';
import { falcoLogTampering } from './logTampering';
import { falcoShellHistoryTampering } from './shellHistoryTampering';
import { falcoShellInContainer } from './shellInContainer';
import { falcoUnexpectedOutbound } from './unexpectedOutbound';

/** Detections over Falco alerts. */
export const FALCO_DETECTIONS: readonly LogDetection[] = [
  falcoShellInContainer,
  falcoContainerDrift,
  falcoEscapePrimitive,
  falcoUnexpectedOutbound,
  falcoLogTampering,
  falcoShellHistoryTampering,
];
