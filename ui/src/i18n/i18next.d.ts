// Typed translation keys: every `t("…")` is checked against the Japanese resources (the default;
// a test checks the English ones have the same keys), so a key that does not exist, or a kind of
// node, handle or status without a translation, is a type error.
import "i18next";
import type { resources } from "./index";

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: (typeof resources)["ja"];
  }
}
