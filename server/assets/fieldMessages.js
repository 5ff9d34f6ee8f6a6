// A field's refusal in Chinese, naming it by its label (请填写：统一社会信用代码): the browser words its
// own ("Please fill out this field.") in the browser's language, whatever the page's. The message is
// set as the field changes, so it is what the browser shows on submit; the server checks again.
// Date fields word their own refusals (dateOrder.js).
const FIELDS = 'input:not(.date):not([type=hidden]), select, textarea';

/** The field's name as the page shows it: its label without the controls, hints and remarks in it. */
function nameOf(field) {
  const own = field.getAttribute('aria-label');
  if (own) return own;
  const label = field.labels?.[0];
  if (label) {
    const text = label.cloneNode(true);
    for (const part of text.querySelectorAll('input, select, textarea, button, small, .error, .file-name, .file-button')) part.remove();
    // 用户名（字母、数字、_ . -） is named 用户名: the remark is the hint, not the name
    const name = text.textContent
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/（[^（）]*）$/, '')
      .replace(/[:：]$/, '');
    if (name) return name;
  }
  return field.placeholder || '此项';
}

function message(field) {
  const v = field.validity;
  const name = nameOf(field);
  if (v.valueMissing) {
    if (field.type === 'checkbox') return `请勾选：${name}`;
    if (field.type === 'file') return `请选择文件：${name}`;
    if (field.type === 'radio' || field.tagName === 'SELECT') return `请选择：${name}`;
    return `请填写：${name}`;
  }
  if (v.badInput) return `${name}：请填写数字`;
  if (v.typeMismatch) return `${name}：${{ email: '请填写电子邮件地址', url: '请填写网址' }[field.type] ?? '格式不对'}`;
  if (v.patternMismatch) return `${name}：格式不对${field.title ? `（${field.title}）` : ''}`;
  if (v.tooShort) return `${name}：至少 ${field.minLength} 个字符（现为 ${field.value.length} 个）`;
  if (v.tooLong) return `${name}：至多 ${field.maxLength} 个字符（现为 ${field.value.length} 个）`;
  if (v.rangeUnderflow) return `${name}：应当不小于 ${field.min}`;
  if (v.rangeOverflow) return `${name}：应当不大于 ${field.max}`;
  if (v.stepMismatch) return `${name}：${field.step === '1' ? '应当是整数' : `应当是 ${field.step} 的整数倍`}`;
  return '';
}

function update(field) {
  if (!field.matches(FIELDS) || !field.willValidate) return;
  // the browser's own checks first, then their refusal in Chinese
  field.setCustomValidity('');
  field.setCustomValidity(message(field));
}

// a radio's or checkbox's state changes its group's: the whole form is checked again
const updateForm = (event) => {
  for (const field of event.target.form?.elements ?? [event.target]) update(field);
};
document.addEventListener('input', updateForm);
document.addEventListener('change', updateForm);
// 'invalid' does not bubble: caught on its way down, before the browser shows the message
document.addEventListener('invalid', (event) => update(event.target), true);
for (const field of document.querySelectorAll(FIELDS)) update(field);
