// What the end-to-end tests and the screen timings share.

/** Sets an input's value as the user's edit would, in one change event (WebDriver's clear-then-type
 * can lose the clear on a controlled number input, and cannot type into a date input). */
export async function fill(browser, selector, value) {
  await browser.execute(
    (selector, value) => {
      const input = document.querySelector(selector);
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, value);
      input.dispatchEvent(new Event("input", { bubbles: true }));
    },
    selector,
    value,
  );
}

/** Chooses `value` in a select as the user's pick would, in one change event (a select's options
 * open in a native popup WebDriver cannot click in WebKitGTK). */
export async function choose(browser, selector, value) {
  await browser.execute(
    (selector, value) => {
      const select = document.querySelector(selector);
      Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, "value").set.call(select, value);
      select.dispatchEvent(new Event("change", { bubbles: true }));
    },
    selector,
    value,
  );
}
