// What a failed command (or anything thrown) says, in both languages: one reading for every screen.
import type { CommandError, Localized } from "../bindings/commands";

export const failed = (e: unknown): Localized =>
  typeof e === "object" && e !== null && "message" in e
    ? (e as CommandError).message
    : { ja: String(e), en: String(e) };
