/**
 * A link that takes this page's place in the history instead of adding an entry: between the chat
 * page and /about-this-chat, Back must not hold a step someone checking the device could find.
 */
export function replacingLink(link: HTMLAnchorElement): HTMLAnchorElement {
  link.addEventListener('click', (event) => {
    // A new tab or window (a modifier key, another button) is the person's own choice.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    location.replace(link.href);
  });
  return link;
}
