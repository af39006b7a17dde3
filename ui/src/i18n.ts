// Every string the app shows, in Japanese (the default) and English.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";

export const resources = {
  ja: {
    translation: {
      app: { title: "Scenario Studio", tagline: "MA シナリオを設計し、自社のリードで成果を予測する" },
      start: {
        templates: "テンプレートから始める",
        nodes: "{{count}} ノード",
        open: "開く",
      },
      editor: {
        back: "← スタート画面",
        problems: "問題 {{count}} 件",
        noProblems: "問題はありません",
        error: "エラー",
        warning: "警告",
        fit: "全体を表示",
        undo: "元に戻す",
        redo: "やり直す",
      },
      palette: {
        trigger: "トリガー",
        branch: "条件分岐",
        wait: "待機",
        action: "アクション",
        end: "終了",
        hint: "クリックで追加、またはキャンバスへドラッグ",
      },
      properties: { title: "タイトル", delete: "このノードを削除" },
      kind: {
        trigger: "トリガー",
        condition: "条件分岐",
        split: "A/Bテスト",
        wait: "待機",
        wait_until: "イベント待機",
        send_email: "メール送信",
        adjust_score: "スコア加減算",
        notify_sales: "営業通知",
        update_field: "項目更新",
        sync_sfa: "SFA同期",
        switch_scenario: "シナリオ切替",
        add_to_audience: "オーディエンス追加",
        end: "終了",
      },
      handle: { yes: "はい", no: "いいえ", met: "発生", timeout: "タイムアウト" },
      language: { label: "言語", ja: "日本語", en: "English" },
      error: { title: "エラー" },
    },
  },
  en: {
    translation: {
      app: { title: "Scenario Studio", tagline: "Design MA scenarios and forecast them on your own leads" },
      start: {
        templates: "Start from a template",
        nodes: "{{count}} nodes",
        open: "Open",
      },
      editor: {
        back: "← Start screen",
        problems: "{{count}} problems",
        noProblems: "No problems",
        error: "Error",
        warning: "Warning",
        fit: "Fit view",
        undo: "Undo",
        redo: "Redo",
      },
      palette: {
        trigger: "Triggers",
        branch: "Branches",
        wait: "Waits",
        action: "Actions",
        end: "End",
        hint: "Click to add, or drag onto the canvas",
      },
      properties: { title: "Title", delete: "Delete this node" },
      kind: {
        trigger: "Trigger",
        condition: "Condition",
        split: "A/B split",
        wait: "Wait",
        wait_until: "Wait until",
        send_email: "Send email",
        adjust_score: "Adjust score",
        notify_sales: "Notify sales",
        update_field: "Update field",
        sync_sfa: "Sync to SFA",
        switch_scenario: "Switch scenario",
        add_to_audience: "Add to audience",
        end: "End",
      },
      handle: { yes: "Yes", no: "No", met: "Happened", timeout: "Timeout" },
      language: { label: "Language", ja: "日本語", en: "English" },
      error: { title: "Error" },
    },
  },
} as const;

i18n.use(initReactI18next).init({
  resources,
  lng: "ja",
  fallbackLng: "ja",
  interpolation: { escapeValue: false },
});

export default i18n;
