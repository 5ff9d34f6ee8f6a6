import type { DecisionKind } from '../types.ts';
import { assembleCadence, type CadenceResult } from './cadence.ts';
import type { Assembler } from './context.ts';
import { assembleDocuments, type DocumentsResult } from './documents.ts';
import { assembleGrading, type GradingResult } from './grading.ts';
import { assembleJurisdiction, type JurisdictionResult } from './jurisdiction.ts';
import { assembleReview, type ReviewResult } from './review.ts';
import { assembleSampling, type SamplingResult } from './sampling.ts';

export interface ResultOf {
  jurisdiction: JurisdictionResult;
  documents: DocumentsResult;
  sampling: SamplingResult;
  review: ReviewResult;
  grading: GradingResult;
  cadence: CadenceResult;
}

export const assemblers: { [K in DecisionKind]: Assembler<ResultOf[K]> } = {
  jurisdiction: assembleJurisdiction,
  documents: assembleDocuments,
  sampling: assembleSampling,
  review: assembleReview,
  grading: assembleGrading,
  cadence: assembleCadence,
};

export type { AssembleContext, Reason } from './context.ts';
