// VS Code client for the prelimlint language server (`prelimlint lsp`, stdio).
// No linting happens here: this file only starts the server, passes settings and shows state.
import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";

const SECTION = "prelimlint";
const LANGUAGES = ["markdown", "plaintext"];

/** The settings the server reads, sent as `{"prelimlint": ServerSettings}`. */
interface ServerSettings {
  enable: boolean;
  model?: string;
  severityThreshold: string;
}

interface ServerCommand {
  command: string;
  args: string[];
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
let starting: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("prelimlint", { log: true });
  status = vscode.window.createStatusBarItem("prelimlint.status", vscode.StatusBarAlignment.Right, 100);
  status.name = "prelimlint";
  status.command = "prelimlint.showOutput";
  status.show();
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("prelimlint.restart", () => restart("restart command")),
    vscode.commands.registerCommand("prelimlint.showOutput", () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration(onConfigurationChanged),
    vscode.workspace.onDidGrantWorkspaceTrust(() => restart("workspace trusted")),
  );
  await restart("activation");
}

export async function deactivate(): Promise<void> {
  await stopClient();
}

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function serverSettings(): { prelimlint: ServerSettings } {
  const c = config();
  const model = c.get<string>("model", "").trim();
  return {
    prelimlint: {
      enable: c.get<boolean>("enable", true),
      ...(model ? { model } : {}),
      severityThreshold: c.get<string>("severityThreshold", "info"),
    },
  };
}

/** Expands `~` and `${workspaceFolder}` in a configured path. */
function expand(value: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? "";
  let out = value.replace(/\$\{workspaceFolder\}/g, folder).replace(/\$\{userHome\}/g, os.homedir());
  if (out === "~" || out.startsWith("~/")) {
    out = path.join(os.homedir(), out.slice(1));
  }
  return out;
}

/** `prelimlint.path`, else `prelimlint.interpreter -m prelimlint`, else `prelimlint` on PATH. */
function serverCommand(c: vscode.WorkspaceConfiguration): ServerCommand {
  const extra = c.get<string[]>("extraArgs", []).map(String);
  const exe = c.get<string>("path", "").trim();
  if (exe) {
    return { command: expand(exe), args: ["lsp", ...extra] };
  }
  const interpreter = c.get<string>("interpreter", "").trim();
  if (interpreter) {
    return { command: expand(interpreter), args: ["-m", "prelimlint", "lsp", ...extra] };
  }
  return { command: "prelimlint", args: ["lsp", ...extra] };
}

function showStatus(icon: string, state: string, detail?: string): void {
  status.text = `$(${icon}) prelimlint`;
  const tooltip = new vscode.MarkdownString(`**prelimlint**: ${state}${detail ? `\n\n${detail}` : ""}`);
  tooltip.appendMarkdown("\n\n[Restart server](command:prelimlint.restart) · [Show output](command:prelimlint.showOutput)");
  tooltip.isTrusted = { enabledCommands: ["prelimlint.restart", "prelimlint.showOutput"] };
  status.tooltip = tooltip;
  status.accessibilityInformation = { label: `prelimlint: ${state}` };
  status.backgroundColor =
    icon === "error" ? new vscode.ThemeColor("statusBarItem.errorBackground") : undefined;
}

async function stopClient(): Promise<void> {
  const old = client;
  client = undefined;
  if (!old) {
    return;
  }
  try {
    if (old.state !== State.Stopped) {
      await old.stop(5000);
    }
  } catch (err) {
    output.warn(`stopping the server: ${String(err)}`);
  }
  await old.dispose().catch(() => undefined);
}

async function startClient(): Promise<void> {
  const c = config();
  if (!c.get<boolean>("enable", true)) {
    output.info("prelimlint.enable is false: server not started");
    showStatus("circle-slash", "disabled", "Set `prelimlint.enable` to lint again.");
    return;
  }
  const { command, args } = serverCommand(c);
  const cwd = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  output.info(`starting: ${[command, ...args].join(" ")}${cwd ? ` (in ${cwd})` : ""}`);
  const serverOptions: ServerOptions = { command, args, transport: TransportKind.stdio, options: { cwd } };
  const clientOptions: LanguageClientOptions = {
    documentSelector: LANGUAGES.flatMap((language) => [
      { scheme: "file", language },
      { scheme: "untitled", language },
    ]),
    initializationOptions: serverSettings(),
    outputChannel: output,
    traceOutputChannel: output,
  };
  const next = new LanguageClient(SECTION, "prelimlint", serverOptions, clientOptions);
  next.onDidChangeState((event) => {
    if (client !== next) {
      return;
    }
    if (event.newState === State.Running) {
      showStatus("check", "running", `\`${[command, ...args].join(" ")}\``);
    } else if (event.newState === State.Starting) {
      showStatus("sync~spin", "starting");
    } else {
      showStatus("error", "stopped", "The server exited; see the output channel.");
    }
  });
  client = next;
  showStatus("sync~spin", "starting");
  try {
    await next.start();
    output.info("server running");
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    output.error(`could not start the server: ${message}`);
    showStatus("error", "failed to start", message);
    void vscode.window
      .showErrorMessage(
        `prelimlint: could not start \`${command}\` (${message}). Install prelimlint or set prelimlint.path / prelimlint.interpreter.`,
        "Open Settings",
        "Show Output",
      )
      .then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand("workbench.action.openSettings", SECTION);
        } else if (choice === "Show Output") {
          output.show(true);
        }
      });
  }
}

/** Stops any running server and starts one with the current settings (serialised). */
function restart(reason: string): Promise<void> {
  starting = starting.then(async () => {
    output.info(`(re)starting the server: ${reason}`);
    await stopClient();
    await startClient();
  });
  return starting;
}

const RESTART_KEYS = ["enable", "path", "interpreter", "extraArgs"];
const NOTIFY_KEYS = ["model", "severityThreshold"];

function onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
  if (RESTART_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
    void restart("settings changed");
  } else if (NOTIFY_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
    const running = client;
    if (running && running.state === State.Running) {
      const settings = serverSettings();
      output.info(`sending settings ${JSON.stringify(settings)}`);
      void running.sendNotification(DidChangeConfigurationNotification.type, { settings });
    }
  }
}
