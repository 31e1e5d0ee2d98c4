-- Drives a real headless Neovim against the prelimlint language server.
-- Started by tests/editors/test_nvim.py as
--   nvim --headless -n -i NONE --noplugin -u NONE -c "luafile driver.lua"
-- with the JSON parameters in $PRELIMLINT_NVIM_TEST. Writes its observations as JSON to
-- params.out and exits; all assertions happen in Python. Every wait is bounded.
local params = vim.fn.json_decode(os.getenv("PRELIMLINT_NVIM_TEST"))
local result = { version = vim.version(), steps = {} }
local t0 = vim.loop.hrtime()

local function ms()
  return math.floor((vim.loop.hrtime() - t0) / 1e6)
end

local function write()
  vim.fn.writefile({ vim.fn.json_encode(result) }, params.out)
end

local function step(name, data)
  data.at_ms = ms()
  result.steps[name] = data
  write()
end

local function snapshot(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, {
      code = d.code,
      source = d.source,
      severity = d.severity,
      message = d.message,
      lnum = d.lnum,
      col = d.col,
      end_lnum = d.end_lnum,
      end_col = d.end_col,
    })
  end
  return out
end

local function has_codes(bufnr, codes)
  local present = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    present[tostring(d.code)] = true
  end
  for _, code in ipairs(codes) do
    if not present[code] then
      return false
    end
  end
  return #vim.diagnostic.get(bufnr) > 0
end

local function clients_for(bufnr)
  local list = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = bufnr }) or vim.lsp.buf_get_clients(bufnr)
  local names = {}
  for _, c in pairs(list) do
    table.insert(names, c.name)
  end
  return names, list
end

-- What the client sends as initializationOptions / settings, encoded as the client encodes it.
local function sent_config(list)
  for _, c in pairs(list) do
    if c.name == "prelimlint" then
      return { init_options = vim.fn.json_encode(c.config.init_options or vim.NIL),
        settings = vim.fn.json_encode(c.config.settings or vim.NIL) }
    end
  end
  return vim.NIL
end

local function open(path, expect_codes)
  vim.cmd("edit " .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  local ok = vim.wait(params.timeout_ms, function()
    return has_codes(bufnr, expect_codes)
  end, 20)
  -- A server may publish more than once (e.g. a fast pass, then a model pass): let it settle.
  vim.wait(params.settle_ms, function()
    return false
  end, 20)
  return bufnr, ok
end

local function line_of(bufnr, text)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(text, 1, true)
    if col then
      return i - 1, col - 1
    end
  end
end

local function start_client()
  vim.opt.runtimepath:prepend(params.plugin_dir)
  vim.cmd("filetype on")
  if params.mode == "enable" then
    vim.lsp.config("prelimlint", { cmd = params.cmd, init_options = { prelimlint = params.settings },
      settings = { prelimlint = params.settings } })
    vim.lsp.enable("prelimlint")
  else
    require("prelimlint").setup({ cmd = params.cmd, settings = params.settings })
  end
end

local function hover(bufnr, anchor)
  local lnum, col = line_of(bufnr, anchor)
  if not lnum then
    return { error = "anchor not found: " .. anchor }
  end
  vim.api.nvim_win_set_cursor(0, { lnum + 1, col + 1 })
  local responses = vim.lsp.buf_request_sync(bufnr, "textDocument/hover",
    vim.lsp.util.make_position_params(0, "utf-16"), params.timeout_ms)
  for _, r in pairs(responses or {}) do
    if r.result and r.result.contents then
      return { contents = r.result.contents }
    end
  end
  return { contents = vim.NIL }
end

local function code_action(bufnr, anchor, title, gone_code)
  local lnum, col = line_of(bufnr, anchor)
  if not lnum then
    return { error = "anchor not found: " .. anchor }
  end
  vim.api.nvim_win_set_cursor(0, { lnum + 1, col + 1 })
  local offered, chosen = nil, nil
  vim.ui.select = function(items, _, on_choice)
    offered = {}
    local pick, index = nil, nil
    for i, item in ipairs(items) do
      local action = item.action or item[2] -- 0.10+: { action, ctx }; 0.7-0.9: { client_id, action }
      table.insert(offered, action.title)
      if action.title == title and not pick then
        pick, index = item, i
      end
    end
    chosen = pick and title or vim.NIL
    on_choice(pick, index)
  end
  local tick = vim.api.nvim_buf_get_changedtick(bufnr)
  vim.lsp.buf.code_action()
  local changed = vim.wait(params.timeout_ms, function()
    return vim.api.nvim_buf_get_changedtick(bufnr) ~= tick
  end, 20)
  local gone = vim.wait(params.timeout_ms, function()
    local l = line_of(bufnr, anchor)
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if tostring(d.code) == gone_code and d.lnum == l then
        return false
      end
    end
    return true
  end, 20)
  return {
    offered = offered or vim.NIL,
    chosen = chosen or vim.NIL,
    buffer_changed = changed,
    diagnostic_gone = gone,
    lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false),
    diagnostics = snapshot(bufnr),
  }
end

local function main()
  start_client()
  local bufnr, ok = open(params.file, params.expect_codes)
  local names, list = clients_for(bufnr)
  step("open", { ok = ok, filetype = vim.bo[bufnr].filetype, clients = names, sent = sent_config(list),
    diagnostics = snapshot(bufnr) })
  step("hover", hover(bufnr, params.hover_anchor))
  step("code_action", code_action(bufnr, params.action_anchor, params.action_title, params.action_code))
  if params.text_file then
    local tbuf, tok = open(params.text_file, params.text_expect_codes)
    step("text", { ok = tok, filetype = vim.bo[tbuf].filetype, clients = (clients_for(tbuf)),
      diagnostics = snapshot(tbuf) })
  end
  result.done = true
  write()
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  result.error = tostring(err)
  write()
  vim.cmd("cquit 1")
end
vim.cmd("qa!")
