/**
 * A region's grade scale (plugin.json `gradeScale`) as the core reads it: the order of levels, worst
 * first, decides which of several fired grades stands, which grades are told in writing before they are
 * proposed, and which is best (the plaque counts years at it). Nothing outside a plugin names a level.
 */
import { JianchaError } from './errors.ts';
import type { DerivedFact, Facts, GradeLevel, GradeOutcome, GradeScaleSpec } from './types.ts';

export class GradeScale {
  /** worst first */
  readonly levels: readonly GradeLevel[];
  readonly notGraded: GradeOutcome;
  readonly registeredOnly?: GradeOutcome;
  private readonly rank = new Map<string, number>();
  private readonly noticeRank: number;

  constructor(spec: GradeScaleSpec) {
    this.levels = spec.levels;
    this.notGraded = spec.notGraded;
    this.registeredOnly = spec.registeredOnly;
    spec.levels.forEach((l, i) => this.rank.set(l.code, spec.levels.length - i));
    // an unknown noticeLevel is reported when the plugin loads (core/registry.ts)
    this.noticeRank = this.rank.get(spec.noticeLevel) ?? Number.POSITIVE_INFINITY;
  }

  /** the level codes, worst first */
  get codes(): string[] {
    return this.levels.map((l) => l.code);
  }

  get best(): GradeLevel {
    return this.levels[this.levels.length - 1];
  }

  /** the best level whose proposed grade is told in writing first (every worse one is too) */
  get noticeLevel(): GradeLevel {
    return this.levels[this.levels.length - this.noticeRank];
  }

  has(code: unknown): code is string {
    return typeof code === 'string' && this.rank.has(code);
  }

  /** higher is worse; 0 for anything that is not a level, so it never stands */
  severity(code: unknown): number {
    return (typeof code === 'string' && this.rank.get(code)) || 0;
  }

  /** a proposed grade the employer is told of in writing before publicity (拟评告知) */
  needsNotice(code: unknown): boolean {
    return this.severity(code) >= this.noticeRank;
  }

  level(code: string): GradeLevel | undefined {
    return this.levels.find((l) => l.code === code);
  }

  /** the grade as the console shows it: the level's label, else the code */
  label(code: string | null | undefined): string {
    return (code && this.level(code)?.label) || (code ?? '');
  }

  /** a clear error naming the levels unless `code` is one */
  check(code: string): void {
    if (!this.has(code))
      throw new JianchaError(
        'invalid-input',
        `等级须为 ${this.codes.join('、')} 之一，而不是“${code}”`,
        `grade must be one of ${this.codes.join(', ')}, not "${code}"`,
      );
  }
}

/** Years in a row at the scale's best level up to this one, for plaques (e.g. 连续3年评为A级): a fact every grading plugin has. */
export function consecutiveBestYears(scale: GradeScale): DerivedFact {
  const best = scale.best;
  return {
    description: `截至本周期连续评为${best.label}的年数（本周期等级 grade 与历年等级 gradeHistory）`,
    compute: (facts: Facts) => {
      if (facts.grade !== best.code) return 0;
      const byYear = new Map(((facts.gradeHistory as { year: number; grade: string }[] | undefined) ?? []).map((h) => [h.year, h.grade]));
      let years = 1;
      for (let y = (facts.year as number) - 1; byYear.get(y) === best.code; y--) years++;
      return years;
    },
  };
}
