// The page: a drawing pad (pointer events: mouse, touch and pen), Classify sends the 28x28 digit to the server,
// and the answer shows as the predicted digit and one bar per class.
"use strict";

const pad = document.getElementById("pad");
const preview = document.getElementById("preview");
const digitOutput = document.getElementById("digit");
const barsElement = document.getElementById("bars");
const statusElement = document.getElementById("status");
const classifyButton = document.getElementById("classify");
const clearButton = document.getElementById("clear");
const ctx = pad.getContext("2d", { willReadFrequently: true });

const PEN_WIDTH = 20;   // on the 280x280 pad: about a tenth of a digit's height, like MNIST strokes

function clearPad() {
  ctx.fillStyle = "#000";
  ctx.fillRect(0, 0, pad.width, pad.height);
  preview.getContext("2d").clearRect(0, 0, preview.width, preview.height);
  digitOutput.textContent = "?";
  statusElement.textContent = "";
  showScores(null, -1);
}

// --- drawing ---------------------------------------------------------------------------------------------------
let last = null;

function padPoint(event) {
  const rect = pad.getBoundingClientRect();
  return {
    x: (event.clientX - rect.left) * (pad.width / rect.width),
    y: (event.clientY - rect.top) * (pad.height / rect.height),
  };
}

function strokeTo(point) {
  ctx.strokeStyle = "#fff";
  ctx.fillStyle = "#fff";
  ctx.lineWidth = PEN_WIDTH;
  ctx.lineCap = "round";
  ctx.lineJoin = "round";
  if (last === null) {
    ctx.beginPath();
    ctx.arc(point.x, point.y, PEN_WIDTH / 2, 0, 2 * Math.PI);
    ctx.fill();
  } else {
    ctx.beginPath();
    ctx.moveTo(last.x, last.y);
    ctx.lineTo(point.x, point.y);
    ctx.stroke();
  }
  last = point;
}

pad.addEventListener("pointerdown", (event) => {
  event.preventDefault();
  pad.setPointerCapture(event.pointerId);
  last = null;
  strokeTo(padPoint(event));
});
pad.addEventListener("pointermove", (event) => {
  if (last !== null) strokeTo(padPoint(event));
});
for (const type of ["pointerup", "pointercancel"]) {
  pad.addEventListener(type, () => { last = null; });
}

// --- the answer ----------------------------------------------------------------------------------------------------
const bars = [];
for (let d = 0; d < 10; d++) {
  const row = document.createElement("div");
  row.className = "bar";
  row.setAttribute("role", "listitem");
  row.dataset.digit = String(d);
  row.innerHTML = `<span class="name">${d}</span><div class="track"><div class="fill"></div></div><span class="value">-</span>`;
  barsElement.appendChild(row);
  bars.push({ row, fill: row.querySelector(".fill"), value: row.querySelector(".value") });
}

function showScores(scores, best) {
  bars.forEach((bar, d) => {
    const score = scores === null ? 0 : scores[d];
    bar.fill.style.width = `${(100 * score).toFixed(1)}%`;
    bar.value.textContent = scores === null ? "-" : `${(100 * score).toFixed(1)}%`;
    bar.row.dataset.score = String(score);
    bar.row.classList.toggle("best", d === best);
  });
}

function showPreview(pixels) {
  const pctx = preview.getContext("2d");
  const image = pctx.createImageData(MnistImage.FIELD, MnistImage.FIELD);
  pixels.forEach((v, i) => {
    image.data[4 * i] = image.data[4 * i + 1] = image.data[4 * i + 2] = v;
    image.data[4 * i + 3] = 255;
  });
  pctx.putImageData(image, 0, 0);
}

// Each finished request (answer or error) increments data-count on the digit, so scripts can wait for it.
function finished() {
  digitOutput.dataset.count = String(Number(digitOutput.dataset.count) + 1);
}

async function classify() {
  const pixels = MnistImage.fromCanvas(pad);
  if (pixels === null) {
    statusElement.textContent = "Draw a digit first.";
    finished();
    return;
  }
  showPreview(pixels);
  statusElement.textContent = "";
  try {
    const response = await fetch("api/classify", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ pixels }),
    });
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error ?? `HTTP ${response.status}`);
    digitOutput.textContent = String(answer.digit);
    showScores(answer.scores, answer.digit);
  } catch (error) {
    digitOutput.textContent = "?";
    statusElement.textContent = `Could not classify: ${error.message}`;
  } finally {
    finished();
  }
}

classifyButton.addEventListener("click", classify);
clearButton.addEventListener("click", clearPad);
clearPad();
