/*
 * The main menu as a disclosure on a phone: the "Menu" button opens and
 * closes the list (aria-expanded on the button says which). Progressive
 * enhancement: without this file the button stays hidden and the menu is a
 * plain list. A static file, so the Content-Security-Policy needs no inline
 * script. Whether the list is folded is decided in portal.css from
 * aria-expanded, and only below the phone width: on a wide screen the list
 * always shows and the button does not.
 */
(function () {
  "use strict";

  function enhance(button) {
    var list = document.getElementById(button.getAttribute("aria-controls"));
    if (!list) {
      return;
    }

    function setOpen(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }

    setOpen(false);
    button.hidden = false;
    button.addEventListener("click", function () {
      setOpen(button.getAttribute("aria-expanded") !== "true");
    });
    // Escape inside the open menu closes it and gives the focus back to the button.
    list.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" && button.offsetParent) {
        setOpen(false);
        button.focus();
      }
    });
  }

  function start() {
    var buttons = document.querySelectorAll(".main-nav__toggle[aria-controls]");
    for (var i = 0; i < buttons.length; i++) {
      enhance(buttons[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
