import type { SubmissionStatus } from '../../../../contracts/catalog.ts';
import type { Tone } from '../../../components/ui/badge.tsx';

export const SUBMISSION_TONE: Record<SubmissionStatus, Tone> = {
  pending: 'blue',
  approved: 'green',
  rejected: 'red',
};
