// The voice simulator page: no external resources, only this server's JSON API.
"use strict";
// The skill's locale for this page: ?locale=en-GB (default en-US).
const PAGE_LOCALE = /^[a-z]{2}-[A-Z]{2}$/.test(new URLSearchParams(location.search).get("locale") || "")
  ? new URLSearchParams(location.search).get("locale") : "en-US";

const $ = (id) => document.getElementById(id);
const state = { session: "", playback: 0, skip: null };
const WORDS_PER_SECOND = 2.5;

function addLine(kind, text, meta) {
  const item = document.createElement("li");
  item.className = kind;
  const words = document.createElement("span");
  words.className = "words";
  if (kind === "alexa") {
    // Pauses are shown as "[pause 10s]" and styled, the words escaped as text.
    for (const part of text.split(/(\[pause [^\]]+\])/)) {
      const span = document.createElement("span");
      if (part.startsWith("[pause")) span.className = "pause";
      span.textContent = part;
      words.appendChild(span);
    }
  } else {
    words.textContent = text;
  }
  const who = { you: "You: ", alexa: "Alexa: ", device: "Device: " }[kind];
  item.appendChild(document.createTextNode(who));
  item.appendChild(words);
  if (meta) {
    const small = document.createElement("span");
    small.className = "meta";
    small.textContent = meta;
    item.appendChild(small);
  }
  $("transcript").appendChild(item);
  $("transcript").scrollTop = $("transcript").scrollHeight;
  // On a narrow screen the page itself scrolls too: bring the newest line into view.
  item.scrollIntoView({ block: "nearest" });
}

function clockText(answer) {
  return answer.clock_text || answer.clock;
}

function idle() {
  // Nothing is being said: no bar, no countdown, no leftover words.
  $("now-text").textContent = "";
  $("countdown").hidden = true;
  $("now").hidden = true;
}

function showError(message) {
  $("error").textContent = message;
  $("error").hidden = !message;
}

function showAnswer(answer) {
  addLine("you", answer.utterance, "heard: " + answer.heard + (answer.note ? " (" + answer.note + ")" : ""));
  if (answer.sent === false) {
    addLine("alexa", "(not sent to the skill)", "");
  } else {
    addLine("alexa", answer.text || "(says nothing)", answer.reprompt ? "reprompt: " + answer.reprompt : "");
  }
  for (const line of answer.device || []) addLine("device", line, "");
  const open = answer.session_open;
  $("status").textContent = open ? "session open" : "session closed";
  $("status").className = "badge " + (open ? "open" : "closed");
  if (answer.card && (answer.card.title || answer.card.content || answer.card.text)) {
    $("card-title").textContent = answer.card.title || "";
    $("card-text").textContent = answer.card.content || answer.card.text || "";
  }
  $("timing").textContent = answer.elapsed_ms + " ms to answer, about " + answer.speech_seconds
    + " s of speech; clock " + clockText(answer);
  const list = $("directives");
  list.replaceChildren();
  for (const line of answer.directives.concat(answer.problems.map((p) => "PROBLEM: " + p))) {
    const item = document.createElement("li");
    item.textContent = line;
    list.appendChild(item);
  }
  $("request-json").textContent = JSON.stringify(answer.request, null, 2);
  $("response-json").textContent = JSON.stringify(answer.response, null, 2);
  if (window.showScreen) window.showScreen(answer);  // screen.js: the Echo Show preview
}

function wait(ms, token) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    state.skip = () => { clearTimeout(timer); resolve(); };
  }).then(() => token === state.playback);
}

function speakBrowser(text, token) {
  // Headless or voiceless browsers may never fire "end": fall back to a reading-time timer.
  const estimate = (text.split(/\s+/).length / WORDS_PER_SECOND) * 1000 + 1500;
  return new Promise((resolve) => {
    let done = false;
    const finish = () => { if (!done) { done = true; resolve(token === state.playback); } };
    const utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = PAGE_LOCALE;
    utterance.onend = finish;
    utterance.onerror = finish;
    state.skip = () => { window.speechSynthesis.cancel(); finish(); };
    window.speechSynthesis.speak(utterance);
    setTimeout(finish, estimate);
  });
}

async function errorOf(reply, fallback) {
  // The server answers errors in JSON; anything else (a proxy's page) is named by its status.
  const text = await reply.text();
  try { return JSON.parse(text).error || fallback; } catch (_) { return fallback + " (HTTP " + reply.status + ")"; }
}

async function speakServer(text, token) {
  const reply = await fetch("/simulator/api/speech", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text, locale: PAGE_LOCALE }),
  });
  if (!reply.ok) throw new Error(await errorOf(reply, "speech rendering failed"));
  const audio = new Audio(URL.createObjectURL(await reply.blob()));
  return new Promise((resolve) => {
    const finish = () => resolve(token === state.playback);
    audio.onended = finish;
    audio.onerror = finish;
    state.skip = () => { audio.pause(); finish(); };
    state.audio = audio;
    audio.play().catch(finish);
  });
}

async function hold(seconds, label, token) {
  $("countdown-label").textContent = label || "Pause";
  $("countdown").hidden = false;
  let remaining = Math.round(seconds);
  while (remaining > 0) {
    $("countdown-seconds").textContent = String(remaining);
    const step = Math.min(1, remaining);
    if (!(await wait(step * 1000, token))) break;
    remaining -= step;
  }
  $("countdown").hidden = true;
  return token === state.playback;
}

async function play(segments) {
  const token = ++state.playback;
  if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  $("now").hidden = false;
  for (const segment of segments) {
    if (token !== state.playback) return;
    if (segment.kind === "say") {
      $("now-text").textContent = segment.text;
      let going = true;
      if ($("server-voice").checked) {
        going = await speakServer(segment.text, token).catch((error) => { showError(error.message); return true; });
      } else if ($("voice").checked && "speechSynthesis" in window) {
        going = await speakBrowser(segment.text, token);
      }
      if (!going) return;
    } else if (segment.kind === "pause" && $("pauses").checked) {
      $("now-text").textContent = "";
      if (!(await hold(segment.seconds, segment.label, token))) return;
    }
  }
  if (token === state.playback) idle();
}

function stopPlaying() {
  // Skip ends the whole answer being played, not just the current pause.
  state.playback++;
  if ("speechSynthesis" in window) window.speechSynthesis.cancel();
  if (state.skip) state.skip();
  idle();
}

async function advance(span) {
  // ":advance 20 minutes": time travel; shows what the local scheduler would have announced.
  const reply = await fetch("/simulator/api/advance", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ session: state.session, span }),
  });
  const answer = await reply.json();
  if (!reply.ok) { showError(answer.error || "time travel failed"); return; }
  const said = answer.announced === null ? ["(no local scheduler: nothing to announce)"]
    : answer.announced.map((a) => "announced at " + a.announce_at + " [" + a.kind + "]: " + a.text);
  stopPlaying();
  addLine("you", ":advance " + span, (answer.timed_out ? "the open session timed out; " : "") + "clock " + clockText(answer));
  addLine("alexa", said.join(" ") || "(nothing was due)", "");
  $("status").textContent = "session closed"; $("status").className = "badge closed";
}

async function say(text) {
  showError("");
  if (text.startsWith(":advance ")) return advance(text.slice(9));
  const body = { text, session: state.session, interfaces: $("device").value ? [$("device").value] : [],
                 locale: PAGE_LOCALE };
  const reply = await fetch("/simulator/api/say", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const answer = await reply.json();
  if (!reply.ok) { showError(answer.error || "the simulator could not answer"); return; }
  state.session = answer.session;
  answer.utterance = text;
  showAnswer(answer);
  play(answer.segments);
}

$("say-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const text = $("utterance").value.trim();
  if (!text) return;
  $("utterance").value = "";
  say(text).catch((error) => showError(error.message));
});

$("skip").addEventListener("click", stopPlaying);
$("reset").addEventListener("click", () => {
  state.session = "";
  stopPlaying();
  $("transcript").replaceChildren();
  $("status").textContent = "session closed"; $("status").className = "badge closed";
});

const Recognition = window.SpeechRecognition || window.webkitSpeechRecognition;
if (!Recognition) {
  $("mic").disabled = true;
  $("mic").title = "This browser has no speech recognition: type instead";
} else {
  $("mic").addEventListener("click", () => {
    const recognition = new Recognition();
    recognition.lang = PAGE_LOCALE;
    recognition.interimResults = false;
    $("mic").classList.add("listening");
    recognition.onresult = (event) => {
      const text = event.results[0][0].transcript;
      say(text).catch((error) => showError(error.message));
    };
    recognition.onerror = (event) => showError("speech recognition: " + event.error);
    recognition.onend = () => $("mic").classList.remove("listening");
    recognition.start();
  });
}
if (!("speechSynthesis" in window)) {
  $("voice").checked = false;
  $("voice").disabled = true;
}
