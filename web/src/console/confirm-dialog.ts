/** A modal yes/no question on <dialog>: focus is trapped and restored by the browser, Escape cancels. */
import { h } from '../ui/dom.js';

export function confirmDialog(question: string, detail: string, confirmLabel: string): Promise<boolean> {
  return new Promise((resolve) => {
    const cancel = h('button', { type: 'button', class: 'secondary', autofocus: true }, 'Cancel');
    const confirm = h('button', { type: 'button', class: 'danger' }, confirmLabel);
    const dialog = h(
      'dialog',
      { 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-detail' },
      h(
        'article',
        {},
        h('h2', { id: 'confirm-title' }, question),
        h('p', { id: 'confirm-detail' }, detail),
        h('footer', {}, cancel, confirm),
      ),
    );
    const finish = (answer: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(answer);
    };
    cancel.addEventListener('click', () => finish(false));
    confirm.addEventListener('click', () => finish(true));
    dialog.addEventListener('cancel', (event) => {
      event.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}
