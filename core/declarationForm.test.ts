import { describe, expect, it } from 'vitest';
import { basicsSchema, numberFields, sampleBasics } from './declarationForm.ts';
import { loadRegistry } from './registry.ts';
import { createAjv } from './schema.ts';

const registry = await loadRegistry();

describe('the declaration fields a plugin declares', () => {
  it('are inherited from national, the console showing the numbers with their unit as before', () => {
    const jiangjin = registry.get('chongqing-jiangjin');
    expect(jiangjin.declarationFields()).toBe(registry.get('national').declarationFields());
    expect(numberFields(jiangjin).map((f) => f.label)).toEqual([
      '养老保险参保人数',
      '医疗保险参保人数',
      '工伤保险参保人数',
      '失业保险参保人数',
      '每月支付工资总额（元）',
      '每月工资支付日',
    ]);
  });

  it('check a declaration by their schema, refusing a field the plugin does not declare, and their samples pass it', () => {
    const plugin = registry.get('xinjiang-changji');
    const validate = createAjv().compile(basicsSchema(plugin));
    expect(validate(sampleBasics(plugin, 4))).toBe(true);
    // 审查表「每月支付工资日期」: a day of the month
    expect(validate({ wagePayDay: 32 })).toBe(false);
    expect(validate({ unknownField: 1 })).toBe(false);
  });

  it('give a sample employer of 4 four insured in each 社会保险 count, not the example 20', () => {
    const basics = sampleBasics(registry.get('chongqing-jiangjin'), 4);
    expect([basics.insuredPension, basics.insuredMedical, basics.insuredInjury, basics.insuredUnemployment]).toEqual([4, 4, 4, 4]);
    expect(basics.monthlyWageTotal).toBe(100000);
  });
});
