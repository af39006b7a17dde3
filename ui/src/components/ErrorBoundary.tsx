// A screen that fails to draw shows what went wrong and a way back, instead of a blank window.
import { Component, type ReactNode } from "react";
import i18n from "../i18n/index";

export default class ErrorBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  state = { error: null as Error | null };
  static getDerivedStateFromError(error: Error) {
    return { error };
  }
  render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="crash" role="alert">
        <h2>{i18n.t("crash.title")}</h2>
        <pre>{String(this.state.error)}</pre>
        <button onClick={() => location.reload()}>{i18n.t("crash.reload")}</button>
      </div>
    );
  }
}
