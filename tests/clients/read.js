#!/usr/bin/env node
// The site's outputs as real clients read them, printed as JSON for the test suite.
//
//   node read.js vtt FILE...         webvtt-parser, every error of its validator: [{file, cues: [{start, end, text}], errors}]
//   node read.js feed FILE           podcast-partytime's reading of a podcast feed
//   node read.js html CONFIG FILE... html-validate with the rules in CONFIG (JSON): [{file, messages}]
"use strict";
const fs = require("fs");

function vtt(files) {
  const { WebVTTParser } = require("webvtt-parser");
  const parser = new WebVTTParser(require("webvtt-parser/html-entities.json"));
  return files.map((file) => {
    const tree = parser.parse(fs.readFileSync(file, "utf8"), "metadata");
    return {
      file,
      cues: tree.cues.map((c) => ({ start: c.startTime, end: c.endTime, text: c.text })),
      errors: tree.errors.map((e) => ({ message: e.message, line: e.line, col: e.col })),
    };
  });
}

function feed([file]) {
  const pt = require("podcast-partytime");
  return pt.parseFeed(fs.readFileSync(file, "utf8"));
}

async function html([config, ...files]) {
  const { HtmlValidate } = require("html-validate");
  const validator = new HtmlValidate(JSON.parse(fs.readFileSync(config, "utf8")));
  const out = [];
  for (const file of files) {
    const report = await validator.validateFile(file);
    const messages = report.results.flatMap((r) =>
      r.messages.map((m) => ({ rule: m.ruleId, message: m.message, line: m.line, column: m.column, selector: m.selector })),
    );
    out.push({ file, messages });
  }
  return out;
}

const commands = { vtt, feed, html };
const [command, ...args] = process.argv.slice(2);
if (!commands[command]) {
  process.stderr.write("usage: node read.js vtt|feed|html ...\n");
  process.exit(2);
}
Promise.resolve(commands[command](args)).then(
  (result) => process.stdout.write(JSON.stringify(result) + "\n"),
  (error) => {
    process.stderr.write(String(error && error.stack ? error.stack : error) + "\n");
    process.exit(1);
  },
);
