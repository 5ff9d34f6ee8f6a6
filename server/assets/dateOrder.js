// The order of a form's dates checked as they are typed, by the browser's own check (the server
// checks again): a date's earliest day follows the dates its field names in data-after (a day
// later) and data-not-before (the same day or later), so the browser refuses a date too early.
const nextDay = (date) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

function earliest(input) {
  const form = input.form;
  const bounds = [];
  for (const [attribute, shift] of [
    ['data-after', nextDay],
    ['data-not-before', (date) => date],
  ]) {
    for (const name of (input.getAttribute(attribute) ?? '').split(' ').filter(Boolean)) {
      const other = form.elements.namedItem(name);
      if (other?.value) bounds.push(shift(other.value));
    }
  }
  return bounds.sort().at(-1) ?? '';
}

function update() {
  for (const input of document.querySelectorAll('input[type=date][data-after], input[type=date][data-not-before]')) input.min = earliest(input);
}

document.addEventListener('input', update);
update();
