// A date field (layout.tsx's DateInput, a text field for 年-月-日) checked as it is typed, each
// refusal in Chinese (the browser's own messages are in its language; the server checks again):
// 20240531, 2024.5.31, 2024/5/31 and 2024年5月31日 are written 2024-05-31; the date must exist; and
// its earliest day is data-min and follows the dates its field names in data-after (a day later)
// and data-not-before (the same day or later), so the browser refuses a date too early.
const FIELDS = 'input.date';

const nextDay = (date) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

const exists = (date) => /^\d{4}-\d{2}-\d{2}$/.test(date) && new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date;

function normalize(input) {
  const v = input.value.trim();
  const parts = /^(\d{4})(\d{2})(\d{2})$/.exec(v) ?? /^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?$/.exec(v);
  input.value = parts ? `${parts[1]}-${parts[2].padStart(2, '0')}-${parts[3].padStart(2, '0')}` : v;
}

function earliest(input) {
  const form = input.form;
  const bounds = input.dataset.min ? [input.dataset.min] : [];
  for (const [attribute, shift] of [
    ['data-after', nextDay],
    ['data-not-before', (date) => date],
  ]) {
    for (const name of (input.getAttribute(attribute) ?? '').split(' ').filter(Boolean)) {
      const other = form.elements.namedItem(name);
      if (other && exists(other.value)) bounds.push(shift(other.value));
    }
  }
  return bounds.sort().at(-1) ?? '';
}

function problem(input) {
  const v = input.value;
  if (v === '') return input.required ? '请填写日期（年-月-日），如 2024-05-31' : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return `请按 年-月-日 填写日期，如 2024-05-31（填的是 ${v}）`;
  if (!exists(v)) return `没有 ${v} 这一天`;
  const first = earliest(input);
  return first && v < first ? `应当不早于 ${first}` : '';
}

function update() {
  for (const input of document.querySelectorAll(FIELDS)) input.setCustomValidity(problem(input));
}

document.addEventListener('input', update);
document.addEventListener('change', (event) => {
  if (event.target.matches?.(FIELDS)) normalize(event.target);
  update();
});
// Enter submits the form before the field's change: the date is written out first
document.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && event.target.matches?.(FIELDS)) {
    normalize(event.target);
    update();
  }
});
update();
