/** A select's options for a grade: the region's levels from its scale, best first, by their console labels. */
import type { GradeScale } from '../../core/gradeScale.ts';

export function GradeOptions(props: { scale: GradeScale; selected?: string }) {
  return (
    <>
      {[...props.scale.levels].reverse().map((l) => (
        <option value={l.code} selected={l.code === props.selected}>
          {l.label}
        </option>
      ))}
    </>
  );
}
