// Safar Studio: checks fields as the editor types and keeps the preview
// current. Plain JavaScript, no build step; every request goes to the
// Studio's own origin, which the session cookie authenticates.
"use strict";

function debounce(fn, ms) {
  let t;
  return (...a) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };
}

async function post(url, data) {
  const r = await fetch(url, { method: "POST", body: data, credentials: "same-origin" });
  return r;
}

function checkField(input, form) {
  const out = form.querySelector('output[for="' + CSS.escape(input.id) + '"]');
  const run = debounce(async () => {
    const data = new URLSearchParams();
    if (input.dataset.check === "phone") {
      data.set("number", input.value);
      data.set("country", form.dataset.country || "");
    } else {
      data.set("hours", input.value);
    }
    const r = await post("/api/" + input.dataset.check, data);
    const j = await r.json();
    out.textContent = j.message;
    out.classList.toggle("bad", !j.ok);
    input.setCustomValidity(j.ok ? "" : j.message);
    input.closest(".field").classList.toggle("invalid", !j.ok);
  }, 250);
  input.addEventListener("input", run);
  run();
}

function preview(form) {
  const img = document.getElementById("preview");
  const msg = document.getElementById("preview-msg");
  if (!img) return;
  let seq = 0;
  const run = debounce(async () => {
    const n = ++seq;
    msg.textContent = "…";
    const r = await post("/api/preview", new FormData(form));
    if (n !== seq) return;
    if (!r.ok) {
      msg.textContent = await r.text();
      return;
    }
    const blob = await r.blob();
    if (img.src.startsWith("blob:")) URL.revokeObjectURL(img.src);
    img.src = URL.createObjectURL(blob);
    img.dataset.lang = form.elements["preview_lang"].value;
    img.dataset.rendered = String(n);
    msg.textContent = "";
  }, 700);
  form.addEventListener("input", run);
  form.addEventListener("change", run);
  run();
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("itemform");
  if (!form) return;
  form.querySelectorAll("[data-check]").forEach((i) => checkField(i, form));
  preview(form);
});
