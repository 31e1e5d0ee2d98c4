// prelimlint review page: keyboard navigation between findings and a tooltip per highlight.
// Everything here is an enhancement; without JavaScript the notes, links and colours remain.
(function () {
  "use strict";
  var notes = Array.prototype.slice.call(document.querySelectorAll(".note[data-finding]"));
  var nav = document.querySelector(".finding-nav");
  var position = document.getElementById("nav-position");
  var live = document.getElementById("live");
  var tip = document.getElementById("tip");
  var current = -1;
  var tipOwner = null;

  function segments(key) {
    return document.querySelectorAll('[data-finding="' + key + '"]');
  }
  function target(note) {
    return document.getElementById(note.getAttribute("data-target"));
  }

  function fillTip(note) {
    tip.textContent = "";
    tip.appendChild(note.querySelector(".note-head").cloneNode(true));
    var message = note.querySelector(".message");
    if (message) tip.appendChild(message.cloneNode(true));
    var why = note.querySelector(".why-text");
    if (why) {
      var p = document.createElement("p");
      p.className = "why";
      p.textContent = "Why: " + why.textContent;
      tip.appendChild(p);
    }
    var fix = note.querySelector(".fix");
    if (fix) tip.appendChild(fix.cloneNode(true));
  }

  function showTip(note, anchor) {
    if (!anchor || anchor.closest(".whole-draft")) { hideTip(); return; }
    fillTip(note);
    tip.hidden = false;
    var box = anchor.getBoundingClientRect();
    var width = tip.offsetWidth;
    var left = Math.max(8, Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - width - 8));
    tip.style.left = left + "px";
    tip.style.top = (box.bottom + window.scrollY + 8) + "px";
    tipOwner = note;
    anchor.setAttribute("aria-describedby", "tip");
  }
  function hideTip() {
    tip.hidden = true;
    tipOwner = null;
  }

  function step(delta) {  // from no selection, "previous" starts at the last finding
    select(current < 0 && delta < 0 ? notes.length - 1 : current + delta);
  }

  function select(index) {
    if (!notes.length) return;
    index = (index + notes.length) % notes.length;
    if (current >= 0) {
      var old = notes[current];
      old.classList.remove("current");
      Array.prototype.forEach.call(segments(old.getAttribute("data-finding")), function (s) { s.classList.remove("current"); });
    }
    current = index;
    var note = notes[index];
    note.classList.add("current");
    Array.prototype.forEach.call(segments(note.getAttribute("data-finding")), function (s) { s.classList.add("current"); });
    var anchor = target(note);
    if (anchor) {
      anchor.focus({ preventScroll: true });
      anchor.scrollIntoView({ block: "center" });
    }
    var list = note.closest(".notes");
    if (list && list.scrollHeight > list.clientHeight) {
      list.scrollTop = note.offsetTop - list.clientHeight / 3;
    }
    showTip(note, anchor);
    position.textContent = (index + 1) + " / " + notes.length;
    live.textContent = "Finding " + (index + 1) + " of " + notes.length + ": " +
      note.getAttribute("data-severity") + ". " + note.querySelector(".message").textContent;
  }

  if (nav) {
    nav.hidden = false;
    position.textContent = notes.length ? "– / " + notes.length : "no findings";
    nav.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-nav]");
      if (button) step(button.getAttribute("data-nav") === "next" ? 1 : -1);
    });
  }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) return;
    if (event.key === "j" || event.key === "n") { step(1); event.preventDefault(); }
    else if (event.key === "k" || event.key === "p") { step(-1); event.preventDefault(); }
    else if (event.key === "Escape") { hideTip(); }
  });

  function noteFor(element) {
    var mark = element.closest && element.closest("[data-finding]");
    if (!mark) return null;
    return document.querySelector('.note[data-finding="' + mark.getAttribute("data-finding") + '"]');
  }
  document.addEventListener("mouseover", function (event) {
    var note = noteFor(event.target);
    if (note && note !== tipOwner && event.target.closest("mark")) showTip(note, event.target.closest("mark"));
  });
  document.addEventListener("mouseout", function (event) {
    if (!event.target.closest || !event.target.closest("mark[data-finding]")) return;
    if (tipOwner && (current < 0 || tipOwner !== notes[current])) hideTip();
  });
  document.addEventListener("click", function (event) {
    var mark = event.target.closest && event.target.closest("mark[data-finding]");
    if (mark) {
      var note = noteFor(mark);
      if (note) select(notes.indexOf(note));
      return;
    }
    var link = event.target.closest && event.target.closest("a[data-element-link]");
    if (link) {
      var rule = link.getAttribute("data-element-link");
      var scope = link.closest(".review") || document;
      Array.prototype.forEach.call(scope.querySelectorAll('mark[data-element="' + rule + '"]'), function (s) {
        s.classList.add("flash");
        setTimeout(function () { s.classList.remove("flash"); }, 2200);
      });
    }
  });

  // printed pages show every rationale
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll(".note details"), function (d) { d.open = true; });
    hideTip();
  });
})();
