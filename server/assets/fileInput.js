// A file input's button and chosen file in Chinese: Chromium draws its own widget in the browser's
// language ("Choose File / No file chosen"), whatever the page's. Each label.file gets the class
// "enhanced", which shows its own button (选择文件) and file name (未选择文件) over the hidden input;
// without this script the browser's own widget stays, and the form works as well.
for (const label of document.querySelectorAll('label.file')) {
  const input = label.querySelector('input[type=file]');
  const name = label.querySelector('.file-name');
  const show = () => {
    name.textContent = input.files.length ? [...input.files].map((f) => f.name).join('、') : '未选择文件';
  };
  input.addEventListener('change', show);
  show();
  label.classList.add('enhanced');
}
