// The Echo Show preview: lays out the APL datasource an answer carries (title, text,
// countdown ring, buttons), as a guide to what the screen shows. It is not Alexa's APL
// renderer. Taps post to /simulator/api/tap, which sends the document's UserEvent.
// Uses app.js's state, showAnswer, showError and play.
"use strict";

(() => {
  const frame = () => document.getElementById("screen-frame");
  const box = () => document.getElementById("screen-box");
  const preview = { ring: null, shownAt: 0, timer: 0, data: null };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function svg(tag, attributes) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
    return node;
  }

  async function tap(label) {
    showError("");
    const reply = await fetch("/simulator/api/tap", {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session: state.session, label }),
    });
    const answer = await reply.json();
    if (!reply.ok) { showError(answer.error || "the tap could not be sent"); return; }
    state.session = answer.session;
    answer.utterance = ":tap " + label;
    answer.heard = answer.heard || "Alexa.Presentation.APL.UserEvent (a touch)";
    showAnswer(answer);
    play(answer.segments);
  }

  function touchable(tag, className, label, content) {
    const node = el(tag, className);
    node.type = "button";
    node.dataset.tap = label;
    if (content) node.append(...content); else node.textContent = label;
    node.addEventListener("click", () => tap(label).catch((error) => showError(error.message)));
    return node;
  }

  function buttons(data) {
    const row = el("div", "screen-buttons");
    for (const button of data.buttons || []) row.appendChild(touchable("button", "screen-button", button.label));
    return row;
  }

  // The ring: the same segments and formulas as the APL document's bindings.
  function ring(data) {
    const holder = el("div", "screen-ring");
    const picture = svg("svg", { viewBox: "0 0 100 100" });
    picture.appendChild(svg("circle", { cx: 50, cy: 50, r: 44, class: "track" }));
    const fill = svg("circle", { cx: 50, cy: 50, r: 44, class: "fill", pathLength: 100,
                                 "stroke-dasharray": "0 101", transform: "rotate(-90 50 50)" });
    picture.appendChild(fill);
    const number = el("div", "screen-ring-number");
    const label = el("div", "screen-ring-label");
    const caption = el("div", "screen-ring-caption");
    const middle = el("div", "screen-ring-middle");
    middle.append(number, label, caption);
    holder.append(picture, middle);
    preview.ring = { fill, number, label, caption };
    return holder;
  }

  function showRing(elapsed) {
    const data = preview.data;
    if (!preview.ring || !data) return;
    const { fill, number, label, caption } = preview.ring;
    let amount = 0, shown = "", text = "", side = "";
    const row = (data.segments || []).find((s) => elapsed >= s.startMs && elapsed < s.untilMs);
    if (row) {
      const span = Math.max(1, row.endMs - row.startMs);
      amount = row.fillFrom + (row.fillTo - row.fillFrom) * Math.min(1, Math.max(0, (elapsed - row.startMs) / span));
      if (row.kind === "hold") shown = elapsed < row.endMs ? Math.max(1, Math.ceil((row.endMs - elapsed) * row.value / span)) : "";
      else if (row.kind === "rep") shown = row.value;
      text = row.label; side = row.caption;
    } else if (data.countEndMs > 0 && elapsed >= data.countEndMs) {
      amount = 1; text = data.doneLabel;
    } else {
      text = data.readyLabel;
    }
    fill.setAttribute("stroke-dasharray", (amount * 100).toFixed(1) + " 101");
    fill.setAttribute("stroke-opacity", amount > 0 ? "1" : "0");  // no round-cap dot at zero
    number.textContent = String(shown);
    label.textContent = text || "";
    caption.textContent = side || "";
    ringState(row ? row.kind : (amount === 1 ? "done" : "ready"));
  }

  function ringState(kind) {
    const node = frame().querySelector(".screen-ring");
    if (node) node.dataset.state = kind;
  }

  function chart(data) {
    const picture = svg("svg", { viewBox: "-10 -10 320 120", class: "screen-chart" });
    picture.appendChild(svg("path", { d: "M0,100 L300,100", class: "axis" }));
    if (data.beforePath) picture.appendChild(svg("path", { d: data.beforePath, class: "before" }));
    if (data.afterPath) picture.appendChild(svg("path", { d: data.afterPath, class: "after" }));
    return picture;
  }

  const layouts = {
    menu(data, body) {
      const list = el("div", "screen-items");
      for (const item of data.items || []) {
        list.appendChild(touchable("button", "screen-item", item.name,
          [el("strong", "", item.name), el("span", "", item.audience + " · " + item.minutes)]));
      }
      body.appendChild(list);
    },
    exercise(data, body) {
      const row = el("div", "screen-row");
      const steps = el("div", "screen-steps");
      for (const line of data.lines || []) steps.appendChild(el("p", "", line));
      steps.appendChild(el("p", "screen-dose", data.dose));
      row.append(steps, ring(data));
      body.append(row, buttons(data));
    },
    countdown(data, body) { body.append(ring(data), buttons(data)); },
    pain(data, body) {
      body.appendChild(el("p", "", data.text));
      const scale = el("div", "screen-scale");
      for (const level of data.levels || []) scale.appendChild(touchable("button", "screen-level", level.label));
      body.append(scale, el("div", "screen-ends", data.low + " … " + data.high), buttons(data));
    },
    thermal(data, body) {
      body.append(el("p", "screen-status", data.status), el("p", "screen-next", data.next));
      for (const rule of data.rules || []) body.appendChild(el("p", "screen-rule", rule));
      body.appendChild(buttons(data));
    },
    progress(data, body) {
      if (data.empty) body.appendChild(el("p", "", data.empty));
      else body.append(chart(data), el("p", "screen-legend", data.beforeLabel + " (orange) · " + data.afterLabel + " (blue)"));
      body.appendChild(el("p", "screen-small", data.text));
    },
    red_flag(data, body) {
      body.append(el("p", "screen-alarm", data.title), el("p", "screen-large", data.text),
                  el("p", "screen-call", data.call));
    },
    message(data, body) { body.append(el("p", "", data.text), buttons(data)); },
  };

  function show(answer) {
    clearInterval(preview.timer);
    preview.ring = null;
    const screen = answer.screen;
    if (!screen) { box().hidden = true; frame().replaceChildren(); return; }
    box().hidden = false;
    const data = screen.data || {};
    preview.data = data;
    frame().dataset.document = screen.document;
    const head = el("div", "screen-head");
    if (screen.document !== "red_flag") {
      head.appendChild(el("div", "screen-title", data.title));
      const sub = [data.subtitle, data.position].filter(Boolean).join(" · ");
      if (sub) head.appendChild(el("div", "screen-subtitle", sub));
    }
    const body = el("div", "screen-body");
    (layouts[screen.document] || layouts.message)(data, body);
    frame().replaceChildren(head, body);
    // The document's clock starts when it is shown, as APL's elapsedTime does.
    preview.shownAt = performance.now();
    if (preview.ring) {
      showRing(0);
      preview.timer = setInterval(() => showRing(performance.now() - preview.shownAt), 100);
    }
  }

  window.showScreen = show;
  document.getElementById("reset").addEventListener("click", () => show({ screen: null }));
})();
