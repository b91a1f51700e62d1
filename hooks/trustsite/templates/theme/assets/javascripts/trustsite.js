/* trustsite: tables that scroll sideways can be scrolled with the keyboard (WCAG 2.1.1).
 *
 * Material wraps each table in a .md-typeset__scrollwrap box that scrolls when the table is wider than
 * the page (the cookie table on a laptop, most tables on a phone or at 400 % zoom). Unlike its code
 * blocks, it does not make that box focusable, so a keyboard user cannot reach the columns on the
 * right. Here, as Material does for code blocks, a box is a tab stop exactly while it scrolls, and then a
 * region named by the heading above it, so that a screen reader says which table the focus is on.
 */
(function () {
  "use strict"

  function headingBefore(box) {
    for (let node = box.previousElementSibling; node; node = node.previousElementSibling)
      if (/^H[1-6]$/.test(node.tagName) && node.id)
        return node
    return null
  }

  function update(box) {
    if (box.scrollWidth > box.clientWidth) {
      box.setAttribute("tabindex", "0")
      const heading = headingBefore(box)
      if (heading) {
        box.setAttribute("role", "region")
        box.setAttribute("aria-labelledby", heading.id)
      }
    } else {
      box.removeAttribute("tabindex")
      box.removeAttribute("role")
      box.removeAttribute("aria-labelledby")
    }
  }

  if (typeof window.document$ === "undefined" || typeof ResizeObserver === "undefined")
    return
  const observer = new ResizeObserver(entries => entries.forEach(entry => update(entry.target)))
  window.document$.subscribe(() => {
    for (const box of document.querySelectorAll(".md-typeset__scrollwrap")) {
      update(box)
      observer.observe(box)
    }
  })
})()
