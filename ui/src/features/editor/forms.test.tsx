// @vitest-environment jsdom
// The property forms hand whole new settings to their owner, and the node registry covers every
// kind in both languages.
import { afterEach, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import "../../i18n/index";
import { resources } from "../../i18n/index";
import { ExprForm, NodeForm, ScenarioForm } from "./forms";
import type { Expr } from "../../bindings/commands";
import { KINDS, PALETTE, lookOf } from "./nodes";

afterEach(cleanup);

describe("the node forms", () => {
  it("a wait's days go out as its new delay", () => {
    const onChange = vi.fn();
    render(<NodeForm kind={{ type: "wait", delay: { days: 3 } } as never} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText("日"), { target: { value: "5" } });
    expect(onChange).toHaveBeenCalledWith({ type: "wait", delay: { days: 5 } });
  });

  it("changing the trigger's kind starts it with that kind's first settings", () => {
    const onChange = vi.fn();
    render(<NodeForm kind={{ type: "trigger", event: { type: "lead_created" } } as never} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText("起点"), { target: { value: "inactive" } });
    expect(onChange).toHaveBeenCalledWith({ type: "trigger", event: { type: "inactive", days: 90 } });
  });

  it("the condition builder adds a sub-condition to a group", () => {
    const onChange = vi.fn();
    const group: Expr = { type: "all", of: [{ type: "score", op: "gte", value: 100 }] };
    render(<ExprForm value={group} onChange={onChange} />);
    fireEvent.click(screen.getByText("＋ 条件を追加"));
    expect(onChange).toHaveBeenCalledWith({
      type: "all",
      of: [
        { type: "score", op: "gte", value: 100 },
        { type: "score", op: "gte", value: 100 },
      ],
    });
  });

  it("an email's required sender fields are edited in place", () => {
    const onChange = vi.fn();
    const email = { kind: "nurture", subject: "", summary: "", links: [], sender_name: "", sender_email: "", sender_address: "", opt_out_url: "" };
    render(<NodeForm kind={{ type: "send_email", email } as never} onChange={onChange} />);
    fireEvent.change(screen.getByLabelText("送信者名（必須）"), { target: { value: "株式会社サンプル" } });
    expect(onChange).toHaveBeenCalledWith({ type: "send_email", email: { ...email, sender_name: "株式会社サンプル" } });
  });
});

describe("the node registry", () => {
  // The engine's kinds (generated from KIND_NAMES; a Rust test keeps the file fresh).
  const kinds: string[] = KINDS.map((k) => k.kind);

  it("holds the engine's thirteen kinds, grouped as the engine groups them", () => {
    expect(kinds).toHaveLength(13);
    expect(PALETTE.map(([group]) => group)).toEqual(["trigger", "branch", "wait", "action", "end"]);
    expect(PALETTE.find(([g]) => g === "branch")?.[1]).toEqual(["condition", "split"]);
  });

  it("the palette offers every kind once, each with a look and a name in both languages", () => {
    const offered = PALETTE.flatMap(([, k]) => k);
    expect([...offered].sort()).toEqual([...kinds].sort());
    for (const kind of kinds) {
      expect(lookOf(kind as never).icon).toBeTruthy();
      expect(resources.ja.translation.kind[kind as keyof typeof resources.ja.translation.kind]).toBeTruthy();
      expect(resources.en.translation.kind[kind as keyof typeof resources.en.translation.kind]).toBeTruthy();
    }
  });

  it("every palette group has a name in both languages", () => {
    for (const [group] of PALETTE) {
      expect(resources.ja.translation.palette[group as keyof typeof resources.ja.translation.palette]).toBeTruthy();
      expect(resources.en.translation.palette[group as keyof typeof resources.en.translation.palette]).toBeTruthy();
    }
  });
});

describe("the scenario form", () => {
  it("a KPI ticked starts from the engine's benchmark, not from 0–100", () => {
    const onChange = vi.fn();
    const scenario = { format: "scenario-studio/1", id: "s", name: "テスト", nodes: [], edges: [], settings: {} };
    render(<ScenarioForm scenario={scenario as never} onChange={onChange} />);
    fireEvent.click(screen.getByLabelText("開封率"));
    expect(onChange).toHaveBeenCalledWith(
      expect.objectContaining({ settings: expect.objectContaining({ kpi: { open_rate: { min: 20, max: 30 } } }) }),
    );
  });
});
