/**
 * Which jiancha a plugin needs: `"jiancha": ">=0.1"` in plugin.json, a semver range checked at load,
 * so a province's plugin kept outside this repository says clearly when it needs a newer jiancha
 * instead of failing somewhere in a campaign.
 */
// the two functions, not semver's index, which loads its whole API (~40 files) at every CLI start
import satisfies from 'semver/functions/satisfies.js';
import validRange from 'semver/ranges/valid.js';
import { jianchaVersion } from './projectRoot.ts';

export function versionProblem(range: string | undefined, required: boolean, version = jianchaVersion): { zh: string; en: string } | undefined {
  if (range === undefined) {
    if (!required) return undefined;
    return {
      zh: `仓库外的插件须用 "jiancha" 写明所需的 jiancha 版本范围（如 ">=${version}"）`,
      en: `a plugin from outside jiancha must state the jiancha versions it needs in "jiancha" (e.g. ">=${version}")`,
    };
  }
  if (validRange(range) === null) {
    return { zh: `"${range}" 不是有效的 semver 版本范围`, en: `"${range}" is not a valid semver range` };
  }
  if (!satisfies(version, range, { includePrerelease: true })) {
    return { zh: `插件需要 jiancha ${range}，当前为 ${version}`, en: `the plugin needs jiancha ${range}; this is jiancha ${version}` };
  }
  return undefined;
}
