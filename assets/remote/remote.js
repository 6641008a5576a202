// The phone remote: shows what the window shows and sends what a key would.
// No framework, no build step, nothing loaded from elsewhere.
"use strict";

const token = new URLSearchParams(location.search).get("t") || "";
const socketBase = document.querySelector('meta[name="socket"]').content;
const $ = (id) => document.getElementById(id);
// The page's words, in the app's language (the app fills them in; `{name}` is ours to fill).
const T = JSON.parse(document.querySelector('meta[name="texts"]').content);
const fill = (text, values) => text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? String(values[name]) : all));
let socket = null;
let retry = 500;
let paired = true;
let noticeTimer = 0;

function pairKey() {
  try { return sessionStorage.getItem("lumbago-pair") || ""; } catch (e) { return ""; }
}

function setPairKey(key) {
  try { sessionStorage.setItem("lumbago-pair", key); } catch (e) { /* private mode */ }
}

function status(text, ok) {
  $("status").textContent = text;
  $("status").className = ok ? "status ok" : "status";
}

function show(el, text) {
  el.textContent = text || "";
  el.hidden = !text;
}

function notice(text) {
  show($("notice"), text);
  clearTimeout(noticeTimer);
  noticeTimer = setTimeout(() => show($("notice"), ""), 4000);
}

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(JSON.stringify(message));
  } else {
    notice(T.not_connected);
  }
}

function buildRatings() {
  const box = $("ratings");
  for (let n = 0; n <= 10; n++) {
    const b = document.createElement("button");
    b.textContent = String(n);
    b.dataset.rating = String(n);
    b.setAttribute("aria-label", fill(T.pain_n, { n }));
    b.addEventListener("click", () => send({ cmd: "rate", value: n }));
    box.appendChild(b);
  }
}

function render(state) {
  $("step").textContent = fill(T.step_of, { number: state.step.number, total: state.step.total, routine: state.routine });
  $("title").textContent = state.step.title;
  const big = state.big;
  let number = "";
  if (big.shows === "dial" && big.remaining !== null) number = String(big.remaining);
  else if (big.shows === "counter") number = big.count + " / " + big.cap;
  else if (big.shows === "start") number = T.ready;
  else if (big.shows === "choice") number = T.roll_or_hold;
  else if (big.shows === "done") number = T.done;
  $("number").textContent = number;
  $("number").className = number.length > 4 ? "number small" : "number";
  const caption = big.message ? big.message + ". " + big.caption : big.caption;
  $("caption").textContent = state.paused ? T.paused : caption;
  $("caption").className = "caption " + (big.state || "");
  show($("warning"), state.pain.warning);
  show($("hint"), state.pain.hint);
  const [low, high] = state.pain.band;
  $("band").textContent = fill(T.aim_for, { low, high });
  for (const b of $("ratings").children) {
    const n = Number(b.dataset.rating);
    b.className = (n >= low && n <= high ? "band" : "") + (n === state.pain.rating ? " current" : "");
    b.disabled = state.ended;
  }
  const allowed = new Set(state.buttons);
  for (const b of document.querySelectorAll("nav button")) {
    b.hidden = !allowed.has(b.dataset.cmd);
  }
  $("toggle").textContent = state.phase === "idle" ? T.start : state.paused ? T.go_on : T.pause;
  // While rolling, counting is what the thumb does most: that button leads.
  const rolling = big.shows === "counter" && !state.paused;
  const confirm = document.querySelector("button[data-cmd=confirm]");
  confirm.textContent = rolling ? T.count_roll : T.confirm;
  confirm.className = rolling ? "wide primary big-press" : "wide";
  $("toggle").className = rolling ? "wide" : "wide primary";
  $("left").textContent = state.ended ? T.ended : state.time_left;
}

function renderIdle(message) {
  $("step").textContent = "";
  $("title").textContent = "Lumbago Coach";
  $("number").textContent = "";
  $("caption").textContent = message;
  show($("warning"), "");
  show($("hint"), "");
  for (const b of document.querySelectorAll("nav button")) b.hidden = true;
  $("left").textContent = "";
}

function connect() {
  if (!paired) return;
  const url = socketBase + "/ws?t=" + encodeURIComponent(token) + "&k=" + encodeURIComponent(pairKey());
  socket = new WebSocket(url);
  socket.onopen = () => { retry = 500; };
  socket.onmessage = (event) => {
    let message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    switch (message.type) {
      case "paired": setPairKey(message.key); status(T.connected, true); break;
      case "not_paired":
        paired = false;
        status(T.not_paired, false);
        break;
      case "state": render(message); break;
      case "idle": renderIdle(message.message); break;
      case "refused": notice(message.reason); break;
      case "cue":
        if (navigator.vibrate) navigator.vibrate(message.warning ? [220, 120, 220] : 60);
        break;
    }
  };
  socket.onclose = () => {
    if (!paired) return;
    status(T.reconnecting, false);
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 8000);
  };
}

document.addEventListener("DOMContentLoaded", () => {
  buildRatings();
  for (const b of document.querySelectorAll("nav button")) {
    b.addEventListener("click", () => send({ cmd: b.dataset.cmd }));
  }
  connect();
});
