"""Fill resources/i18n/hunyuan_desktop_zh_CN.ts from this table (run by `make translations`).

Keeping the Chinese next to its English source in one reviewed table makes a missing or stale
translation visible in a diff; tests/test_i18n.py fails when a source string has no entry here.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ZH: dict[str, str] = {
    # Issue 23: our own words in the user's language
    "no API key is set": "还没有设置 API 密钥",
    "the connection was dropped (%1)": "连接中断（%1）",
    "could not connect in time (%1)": "未能及时连接（%1）",
    "the server's certificate is not trusted (%1)": "服务器的证书不受信任（%1）",
    "the proxy %1 failed (%2)": "代理 %1 出错（%2）",
    "%1 did not answer in time": "%1 没有及时响应",
    "the server sent nothing before the first-byte timeout": "在首字节超时之前服务器什么都没有发送",
    "the stream ended before the answer was complete": "回答还没完整，数据流就结束了",
    "the server stopped sending the response": "服务器停止发送响应",
    "the server stopped sending for %1 s in the middle of the answer": "回答到一半时服务器停止发送了 %1 秒",
    "the server accepted the request but sent no answer within %1 s": "服务器接受了请求，但 %1 秒内没有发送回答",
    "the server sent a web page instead of an answer: %1": "服务器发来的是网页而不是回答：%1",
    "the server's answer is not valid JSON: %1": "服务器的回答不是有效的 JSON：%1",
    "this provider publishes no balance": "该服务商不通过 API 提供余额",
    "the balance endpoint answered in an unexpected format": "余额接口返回的格式不符合预期",
    "the model list came in an unexpected format": "模型列表的格式不符合预期",
    "nothing to send: the conversation has no question": "没有可发送的内容：这个对话里还没有问题",
    "the conversation was deleted while its answer was requested": "请求回答期间这个对话被删除了",
    "the system keyring is locked: unlock it (log in to your desktop or open your password manager) and try again, or use the key for this session only": "系统钥匙串已锁定：请解锁（登录桌面或打开密码管理器）后重试，或者只在本次会话中使用这个密钥",
    "no usable system keyring (%1): install and start one (GNOME Keyring or KWallet), or use the key for this session only — it will not be remembered": "没有可用的系统钥匙串（%1）：请安装并启动一个（GNOME Keyring 或 KWallet），或者只在本次会话中使用这个密钥——它不会被记住",
    "the system keyring refused to store the key: check that it is unlocked and try again": "系统钥匙串拒绝保存密钥：请确认它已解锁后重试",
    "the API key contains a character that cannot be sent (a space, a line break or a non-ASCII character): paste the key again in Settings": "API 密钥里有无法发送的字符（空格、换行或非 ASCII 字符）：请在设置中重新粘贴密钥",
    # Issue 22: maths, markdown, attachments
    "Diagram": "图表",
    "pasted image": "粘贴的图片",
    "“%1” holds %2 characters; one file may send %3 (most models could not read more). Send its first %3 "
    "characters? No removes the file.": "“%1”有 %2 个字符，一个文件最多发送 %3 个（多数模型读不了更多）。"
    "要发送它的前 %3 个字符吗？选“否”会移除这个文件。",
    "File too long": "文件太长",
    "“%1” was not added: the files of one message may hold %2 characters in all.": "没有添加“%1”：一条消息里的文件"
    "合计最多 %2 个字符。",
    "“%1” was not added: one message takes at most %2 attachments, %3 of them images.": "没有添加“%1”：一条消息"
    "最多带 %2 个附件，其中图片最多 %3 张。",
    "“%1” is too large to send.": "“%1”太大，无法发送。",
    "“%1” is not a text file, an image, a PDF or a Word document: it cannot be sent.": "“%1”不是文本文件、图片、"
    "PDF 或 Word 文档，无法发送。",
    "“%1” has no text layer (a scanned PDF?): nothing in it can be read as text.": "“%1”没有文字层（扫描版 PDF？），"
    "读不出任何文字。",
    "“%1” is protected by a password: open it, save a copy without one and add that.": "“%1”有密码保护：请打开它，"
    "另存一份不带密码的副本再添加。",
    "“%1” could not be read: the file is damaged or not what its name says.": "无法读取“%1”：文件已损坏，"
    "或者内容与扩展名不符。",
    "“%1” could not be read: it was moved or deleted, or cannot be opened.": "无法读取“%1”：它已被移动或删除，"
    "或者无法打开。",
    "“%1” is empty.": "“%1”是空的。",
    "%1 — click to remove": "%1 —— 点击移除",
    "Remove %1": "移除 %1",
    "Images and documents (%1)": "图片和文档（%1）",
    "Images (%1)": "图片（%1）",
    "All files (*)": "所有文件（*）",
    "Attach files": "添加附件",
    "Attach images or files (or paste them, or drop them here)": "添加图片或文件（也可以粘贴，或拖到这里）",
    "Send images?": "发送图片？",
    "Use %1": "改用 %1",
    "Send anyway": "仍然发送",
    "Remove the images": "移除图片",
    "This attachment is not in the archive any more.": "存档里已经没有这个附件了。",
    "%1 characters": "%1 个字符",
    "cut to fit": "已截断",
    "Images": "图片",
    "This run uses %1 (given when the app was started); the address above is what is saved.": "本次运行使用 %1"
    "（启动应用时指定）；上面的地址是已保存的设置。",
    "not reported": "未报告",
    "Back to the model's default (nothing sent)": "恢复为模型默认值（不发送）",
    "Drag to set a value (it is then sent); ↺ returns to the model's default": "拖动来设定数值（之后会发送）；"
    "↺ 恢复为模型默认值",
    "Code copied": "代码已复制",
    "Exported to %1": "已导出到 %1",
    "Already in your archive": "存档里已经有了",
    "“%1” is already in your archive (imported or exported from it). Import a second copy?": "“%1”已经在你的"
    "存档里了（之前导入过，或者就是从这里导出的）。要再导入一份副本吗？",
    "Answer this": "回答这个问题",
    "the model chosen last": "最近选择的模型",
    "the default model": "默认模型",
    "Takes effect when the app starts again.": "重新启动应用后生效。",
    "Language": "语言",
    "New conversations use": "新对话使用",
    "Last %1 · total %2": "本次 %1 · 共 %2",
    "n/a": "不可用",
    "pasted text": "粘贴的文本",
    "Long paste": "长文本粘贴",
    "You pasted %1 characters. Attach them as a text file (the message box stays readable, the model reads the "
    "same text) instead of pasting them into the box? Your choice is remembered.": "你粘贴了 %1 个字符。要把它们"
    "作为文本文件附加（输入框保持清爽，模型读到的内容相同），而不是直接粘贴进输入框吗？你的选择会被记住。",
    "The catalog says this model reads images": "模型目录注明这个模型能读取图片",
    "Tick if this model reads images: they are then sent to it without asking": "如果这个模型能读取图片就勾选："
    "之后发给它的图片不再询问",
    "%1 is not known to read images: it may refuse the request or answer without seeing them. (If it does read "
    "images, tick it under Images in Settings → Providers.)": "不确定 %1 能否读取图片：它可能拒绝这个请求，"
    "或者看不到图片就回答。（如果它能读取图片，请在“设置 → 服务商”的“图片”一栏勾选它。）",
    # Issue 20: hostile input
    "%1 already holds files that are not Hunyuan Desktop's (%2). Choose an empty folder, or the one the app "
    "made; nothing in this one was changed.": "%1 中已有不属于混元桌面版的文件（%2）。请选择一个空文件夹，或本应用创建的文件夹；"
    "这个文件夹里的内容没有任何改动。",
    "Importing %1…": "正在导入 %1…",
    "A password typed here is kept in the system keyring, never in the settings file.": "在这里输入的密码保存在系统钥匙串中，"
    "不会写进设置文件。",
    "…and %1 more sources the server sent, not kept": "……另有 %1 个来源（服务器发来的）未保留",
    "the conversation's own provider (its cheapest model)": "对话自己的服务商（其最便宜的模型）",
    "The first question and answer are sent to this model for a title. A conversation with a local provider "
    "(Ollama, LM Studio) is always named by that provider.": "第一个问题和回答会发给这个模型来起标题。"
    "使用本地服务商（Ollama、LM Studio）的对话始终由该服务商起标题。",
    # Issue 14: network
    "The key works: the model list answered with %n model(s).": "密钥可用：模型列表返回了 %n 个模型。",
    "Balance: %1.": "余额：%1。",
    "No tokens were spent.": "没有消耗 tokens。",
    "System proxy": "系统代理",
    "No proxy": "不使用代理",
    "This proxy:": "指定代理：",
    "None: the system's certificates only": "无：只使用系统的证书",
    "Choose…": "选择…",
    "Proxy": "代理",
    "Extra CA certificates": "额外的 CA 证书",
    "CA certificate file": "CA 证书文件",
    "Certificates (*.pem *.crt *.cer);;All files (*)": "证书 (*.pem *.crt *.cer);;所有文件 (*)",
    "The proxy is not usable: %1": "代理不可用：%1",
    "Enter the proxy's address, or choose System proxy or No proxy.": "请输入代理地址，或选择“系统代理”或“不使用代理”。",
    "The CA certificate file %1 does not exist.": "CA 证书文件 %1 不存在。",
    "Could not get through the proxy.": "无法通过代理连接。",
    "Check the proxy in Settings (or that it is running), then press Retry.": "请在设置中检查代理（或确认代理正在运行），然后点击重试。",
    "The server's certificate is not trusted.": "服务器的证书不受信任。",
    "On a company network, add its CA certificate file in Settings; otherwise check the base URL.": "在公司网络中，请在设置中添加公司的 CA 证书文件；否则请检查接口地址。",
    # Issue 13: About, licences
    "Too many requests right now; retry in %n second(s).": "请求过于频繁，请在 %n 秒后重试。",
    "Hunyuan Desktop %1": "混元桌面版 %1",
    "Data folder: %1": "数据文件夹：%1",
    "Hunyuan Desktop is free software under the": "混元桌面版是自由软件，许可证为",
    "Qt and Qt for Python are used under the GNU LGPL version 3: they are separate shared libraries, which "
    "you may replace with your own build of the same version. The other components and their licences:": "Qt 和 "
    "Qt for Python 依 GNU LGPL 第 3 版使用：它们是独立的共享库，你可以换成自己编译的同版本库。其他组件及其许可证：",
    # Issue 12: presets
    "Translator": "翻译助手",
    "You are a professional translator between Chinese and English. Translate Chinese into English and any "
    "other language into Simplified Chinese. Reply with the translation only, keeping the original's "
    "formatting, terminology and tone.": "你是专业的中英互译助手。用户输入中文时译成英文，输入其他语言时译成简体中文。"
    "只输出译文，保持原文的格式、术语和语气。",
    "Code reviewer": "代码审查",
    "You are a senior software engineer reviewing code. Point out correctness problems, edge cases, security "
    "risks, performance issues and readability problems, most serious first, and give the corrected code.": "你是"
    "负责代码审查的资深软件工程师。指出正确性问题、边界情况、安全隐患、性能问题和可读性问题，按严重程度排序，"
    "并给出修改后的代码。",
    "Writing polish": "润色改写",
    "You are an editor. Polish the user's text without changing its meaning: fix typos and grammar, make it "
    "concise, fluent and appropriate. Give the polished text first, then a short list of the main changes.": "你是"
    "文字编辑。在不改变原意的前提下润色用户的文字：修正错别字和语病，使表达简洁、通顺、得体。先给出润色后的全文，"
    "再简要列出主要修改。",
    "Summariser": "内容总结",
    "You summarise what the user provides. Start with one sentence that states the gist, then at most five "
    "bullet points with the key information, keeping numbers, dates and conclusions.": "你负责总结用户提供的内容。"
    "先用一句话概括要点，再用不超过 5 条要点列出关键信息，保留数字、时间和结论。",
    "Presets": "预设",
    "Use its own model (otherwise the conversation's)": "使用预设自己的模型（否则沿用对话的模型）",
    "New": "新建",
    "Save": "保存",
    "Use in this conversation": "用于当前对话",
    "Import…": "导入…",
    "Export…": "导出…",
    "Close": "关闭",
    "built-in": "内置",
    "Save as my preset": "另存为我的预设",
    "Built-in presets cannot be changed: Save makes a copy of your own.": "内置预设不能修改：保存会生成一份你自己的副本。",
    "My preset": "我的预设",
    "A preset needs a name.": "预设需要一个名称。",
    "Could not save the preset: %1": "无法保存预设：%1",
    "Delete preset": "删除预设",
    "Delete the preset “%1”?": "删除预设“%1”？",
    "Import presets": "导入预设",
    "Could not import presets from %1: %2": "无法从 %1 导入预设：%2",
    "Imported %n preset(s).": "已导入 %n 个预设。",
    "Export presets": "导出预设",
    "Exported %n preset(s).": "已导出 %n 个预设。",
    "Presets: a system prompt, model and parameters in one click": "预设：一键套用系统提示词、模型和参数",
    "Or start with a preset:": "或者从一个预设开始：",
    "Save these settings as a preset…": "将当前设置保存为预设…",
    "Manage presets…": "管理预设…",
    "Preset “%1” applied to this conversation.": "已将预设“%1”用于当前对话。",
    "Save as preset": "保存为预设",
    "Name of the preset:": "预设名称：",
    # Issue 12: branches, regenerate, edit, continue, titles, the context gauge, import
    "Import conversation from JSON…": "从 JSON 导入对话…",
    "Regenerate last answer": "重新生成最后的回答",
    "Regenerate": "重新生成",
    "Edit": "编辑",
    "Continue": "继续",
    "Next request ≈ %1 / %2 tokens · input ≈ %3": "下次请求约 %1 / %2 tokens · 输入约 %3",
    "An estimate: the conversation's current branch as the next request will carry it (older messages are "
    "left out when it would not fit), the system prompt and what you typed. The server's count is what is "
    "billed.": "估算值：下次请求会带上的当前分支（放不下时会省略较早的消息）、系统提示词和你输入的内容。"
    "计费以服务器的统计为准。",
    "Editing a question: Send makes a new version, Esc cancels.": "正在编辑问题：发送会生成一个新版本，按 Esc 取消。",
    "Import conversation": "导入对话",
    "Conversation exports (*.json)": "对话导出文件 (*.json)",
    "Import failed": "导入失败",
    "%1 could not be imported: %2": "无法导入 %1：%2",
    "This conversation's cost includes %1 for its automatic title.": "此对话的费用包含自动生成标题花费的 %1。",
    "Regenerate with": "换个模型重新生成",
    "Edit and resend": "编辑并重新发送",
    "Previous version (%1 / %2)": "上一个版本（%1 / %2）",
    "Next version": "下一个版本",
    "Delete this version…": "删除此版本…",
    "Delete with everything below…": "删除此消息及其后的全部内容…",
    "Wait until the answer is finished.": "请等待回答完成。",
    "%n more message(s) below it on this branch go with it.": "此分支中它下面的 %n 条消息也会一起删除。",
    "Delete with everything below": "删除此消息及其后的全部内容",
    "Delete this message and everything that followed it? This cannot be undone.": "删除这条消息及其后的全部内容？此操作无法撤销。",
    "Name new conversations automatically with": "自动为新对话命名，使用",
    # Issue 11: look, layout, list, parameters
    "What can I help you with?": "有什么可以帮你？",
    "Explain the CAP theorem with a real-world example": "用一个真实的例子解释 CAP 定理",
    "Write a Python function that merges two sorted lists": "写一个合并两个有序列表的 Python 函数",
    "Draft a polite email asking to move a meeting to Friday": "起草一封礼貌的邮件，请求把会议改到周五",
    "Summarise the pros and cons of remote work in a table": "用表格总结远程办公的利弊",
    "Balance %1, read at %2": "余额 %1，读取于 %2",
    "Export this conversation": "导出此对话",
    "Settings (Ctrl+,)": "设置（Ctrl+,）",
    "Show or hide the conversation list (Ctrl+B)": "显示或隐藏对话列表（Ctrl+B）",
    "Show or hide the parameters (Ctrl+Shift+B)": "显示或隐藏参数面板（Ctrl+Shift+B）",
    "Pinned": "已置顶",
    "Today": "今天",
    "Yesterday": "昨天",
    "Previous 7 days": "过去 7 天",
    "Earlier": "更早",
    "No conversation matches.": "没有匹配的对话。",
    "Conversation list": "对话列表",
    "Parameters": "参数面板",
    "DEMO": "演示",
    "You are a helpful assistant.": "你是一个乐于助人的助手。",
    "Temperature": "温度",
    "Top P": "Top P（核采样）",
    "Max tokens": "最大输出 tokens",
    "temperature: higher is more varied, lower more focused": "temperature：越高越多样，越低越集中",
    "top_p: sample only from the most likely tokens up to this share": "top_p：只从累计概率达到该比例的候选词中采样",
    "max_tokens: the longest answer, in tokens": "max_tokens：回答的最大长度（tokens）",
    "%1 / 1K tokens": "%1 / 千 tokens",
    "in %1, out %2 / 1K tokens": "输入 %1，输出 %2 / 千 tokens",
    "Follow the system": "跟随系统",
    "Light": "浅色",
    "Dark": "深色",
    "System size": "系统默认",
    "Theme": "主题",
    "Interface font size": "界面字号",
    # Issue 10: find, links, delete, screen readers
    "Find in conversation": "在对话中查找",
    "Find in conversation…": "在对话中查找…",
    "Find next": "查找下一个",
    "Find previous": "查找上一个",
    "Previous match (Shift+Enter)": "上一个匹配（Shift+Enter）",
    "Next match (Enter)": "下一个匹配（Enter）",
    "Close (Esc)": "关闭（Esc）",
    "No matches": "无匹配",
    "Open link": "打开链接",
    "The link says “%1” but goes to:\n\n%2\n\nOpen it?": "链接文字显示为“%1”，实际指向：\n\n%2\n\n要打开吗？",
    "This link was not opened: only web and mail links open.": "未打开此链接：只能打开网页和邮件链接。",
    "Delete message…": "删除消息…",
    "Delete message": "删除消息",
    "Delete this message? This cannot be undone.": "删除这条消息？此操作无法撤销。",
    "Conversation": "对话",
    "Messages, oldest first. Ctrl+Up and Ctrl+Down move from message to message.": "消息按时间顺序排列。Ctrl+↑ 和 Ctrl+↓ 在消息之间移动。",
    # Issue 10: menus and shortcuts
    "&File": "文件(&F)",
    "Copied": "已复制",
    "Copy as Markdown": "复制为 Markdown",
    "Select all": "全选",
    "Quote in reply": "引用到回复",
    "&Edit": "编辑(&E)",
    "&View": "视图(&V)",
    "&Conversation": "对话(&C)",
    "&Help": "帮助(&H)",
    "Export as Markdown…": "导出为 Markdown…",
    "Export as JSON…": "导出为 JSON…",
    "Settings…": "设置…",
    "Quit": "退出",
    "Copy last answer": "复制最后一个回答",
    "Search conversations": "搜索对话",
    "Larger text": "放大文字",
    "Smaller text": "缩小文字",
    "Actual size": "原始大小",
    "Stop answer": "停止回答",
    "Delete conversation…": "删除对话…",
    "About Hunyuan Desktop": "关于混元桌面版",
    # Issue 9: start-up notices, retries, local failures
    "Settings reset": "设置已重置",
    "Your settings file in %1 could not be read, so the default settings are used. A damaged file was kept beside it as settings.json.damaged-…; your conversations are not affected.": "%1 中的设置文件无法读取，已改用默认设置。损坏的文件已另存为 settings.json.damaged-…；你的对话不受影响。",
    "Unknown provider": "未知的服务商",
    "Your settings file in %1 cannot be read (check its permissions), so the default settings are used for now; your conversations are not affected.": "无法读取 %1 中的设置文件（请检查其权限），暂时使用默认设置；你的对话不受影响。",
    "The provider “%1” in your settings is not known to this version; %2 is used instead.": "设置中的服务商“%1”不被此版本识别，已改用 %2。",
    "Trying again…": "正在重试…",
    "Trying again in %n second(s)…": "%n 秒后重试…",
    "This key contains a space, a line break or a non-ASCII character, which no server accepts. Copy the key again from the provider's page.": "此密钥包含空格、换行或非 ASCII 字符，服务器不会接受。请从服务商页面重新复制密钥。",
    "Details: %1": "详情：%1",
    "Could not save the settings: %1. Free some disk space or check the data folder, then Save again.": "无法保存设置：%1。请释放磁盘空间或检查数据文件夹，然后再次保存。",
    "The connection to the server was lost in the middle of the answer.": "回答过程中与服务器的连接中断了。",
    "What arrived is kept. Press Retry to ask again.": "已收到的内容已保留。点击重试可重新提问。",
    "An unexpected error stopped this answer.": "一个意外错误中断了此回答。",
    "What arrived is kept. Press Retry; if it happens again, the log in the data folder says more.": "已收到的内容已保留。请点击重试；如果再次发生，数据文件夹中的日志有更多信息。",
    # Texts: errors and statuses
    "The API key is missing or was not accepted.": "API 密钥缺失或未被接受。",
    "Open Settings and enter a valid key, then press Retry.": "请打开设置，填入有效的密钥，然后点击重试。",
    "Your account balance is too low for this request.": "账户余额不足，无法完成此次请求。",
    "Top up your balance, then press Retry.": "请先充值，然后点击重试。",
    "Wait a moment, then press Retry.": "请稍候，然后点击重试。",
    "The server is limiting how often you can send.": "服务器限制了请求频率。",
    "The server had a problem answering.": "服务器在回答时出错。",
    "This is usually temporary: press Retry.": "这通常是暂时的：请点击重试。",
    "The server refused this request.": "服务器拒绝了此请求。",
    "Check the model and the parameters, then press Retry.": "请检查模型和参数，然后点击重试。",
    "Could not reach the server.": "无法连接到服务器。",
    "Check your network connection and the base URL, then press Retry.": "请检查网络连接和接口地址，然后点击重试。",
    "The server took too long to answer.": "服务器响应超时。",
    "Press Retry; the partial answer is kept.": "请点击重试；已生成的部分回答会保留。",
    "The server sent something that is not a valid answer.": "服务器返回了无法解析的内容。",
    "Press Retry; if it keeps happening, check the base URL.": "请点击重试；如果反复出现，请检查接口地址。",
    "The answer was cut off before it was complete.": "回答在完成之前中断了。",
    "Press Retry to ask again; the partial answer is kept.": "点击重试重新提问；已生成的部分回答会保留。",
    "The system keyring could not be used.": "无法使用系统钥匙串。",
    "Open Settings to unlock it, or use your key for this session only.": "请打开设置解锁钥匙串，或仅在本次运行中使用密钥。",
    "The archive could not be written.": "无法写入本地存档。",
    "Check free disk space and permissions of the data folder; what you typed is still in the input box.": "请检查磁盘剩余空间和数据文件夹的权限；您输入的内容仍保留在输入框中。",
    "Something went wrong.": "出现了问题。",
    "Press Retry.": "请点击重试。",
    "answering…": "回答中…",
    "stopped": "已停止",
    "failed": "失败",
    "interrupted": "已中断",
    "cut at the max_tokens limit": "已达到 max_tokens 上限而截断",
    "stopped by the provider's content check": "被服务商的内容审核中止",
    # ErrorBanner
    "Server said: %1": "服务器消息：%1",
    "Retry": "重试",
    "Open settings": "打开设置",
    "Top up": "充值",
    # MainWindow
    "Hunyuan Desktop": "混元桌面版",
    "offline demo": "离线演示",
    "Search titles and messages": "搜索标题和消息",
    "New conversation": "新对话",
    "Send": "发送",
    "Enter sends, Shift+Enter starts a new line": "Enter 发送，Shift+Enter 换行",
    "Stop": "停止",
    "Ask anything… (Enter to send, Shift+Enter for a new line)": "输入问题…（Enter 发送，Shift+Enter 换行）",
    "Settings": "设置",
    "DEMO · offline, nothing is billed": "演示 · 离线，不计费",
    "Delete": "删除",
    "Welcome to Hunyuan Desktop": "欢迎使用混元桌面版",
    "To talk to Hunyuan models you need an API key.": "与混元大模型对话需要一个 API 密钥。",
    "Get one at %1, then enter it in Settings. It is kept in your system keyring only.": "请在 %1 获取，然后在设置中填入。密钥只保存在系统钥匙串中。",
    "No key yet? Try the offline demo: a local stand-in server, clearly marked, nothing billed.": "还没有密钥？试试离线演示：本地模拟服务器，有明显标识，不产生任何费用。",
    "Enter API key…": "填写 API 密钥…",
    "Try the offline demo": "试用离线演示",
    "You": "你",
    "Hunyuan": "混元",
    "Reasoning": "思考过程",
    "Copy": "复制",
    "Copy code": "复制代码",
    "tokens": "tokens",
    "Rename": "重命名",
    "Unpin": "取消置顶",
    "Pin to top": "置顶",
    "Delete…": "删除…",
    "Delete conversation": "删除对话",
    "Delete “%1” and all its messages? This cannot be undone.": "删除“%1”及其全部消息？此操作无法撤销。",
    "Balance —": "余额 —",
    "The balance appears after the first request.": "第一次请求后将显示余额。",
    "Balance %1": "余额 %1",
    "Below your warning level of %1.": "低于您设定的提醒金额 %1。",
    "Last reply %1 · this conversation %2": "本次回复 %1 · 本对话 %2",
    "Export conversation": "导出对话",
    "System prompt": "系统提示词",
    "Export failed": "导出失败",
    "Could not write %1: %2": "无法写入 %1：%2",
    # ParamsPanel
    "Model": "模型",
    "System prompt (sent first in every request)": "系统提示词（每次请求时最先发送）",
    "default": "默认",
    "Up to %1 tokens for this model": "此模型最多 %1 tokens",
    "Tip: temperature and top_p both control diversity; set only one of them.": "提示：temperature 和 top_p 都控制多样性，建议只设置其中一个。",
    # SettingsDialog
    "API key": "API 密钥",
    "Paste your key (sk-…)": "粘贴您的密钥（sk-…）",
    "Show": "显示",
    "Save to keyring": "保存到钥匙串",
    "Use for this session only": "仅本次运行使用",
    "Remove": "移除",
    "Get a key at %1": "在 %1 获取密钥",
    "Stream answers as they are written": "流式输出（边生成边显示）",
    "Open folder": "打开文件夹",
    "Base URL": "接口地址",
    "Warn when balance is below": "余额低于此值时提醒",
    "Data folder": "数据文件夹",
    "Name": "名称",
    "Model ID": "模型 ID",
    "Updated": "更新日期",
    "Keyring unavailable: %1": "钥匙串不可用：%1",
    "A key is saved in the system keyring (%1).": "密钥已保存在系统钥匙串中（%1）。",
    "Using the key from HUNYUAN_API_KEY for this run; it is not saved.": "本次运行使用 HUNYUAN_API_KEY 中的密钥；不会保存。",
    "Using a key for this session only; it will not be remembered.": "仅在本次运行中使用密钥；退出后不会保留。",
    "No key saved yet.": "尚未保存密钥。",
    "•••••••• (saved; tick Show to reveal)": "••••••••（已保存；勾选“显示”可查看）",
    "Enter a key first.": "请先填写密钥。",
    "Could not save to the keyring: %1": "无法保存到钥匙串：%1",
    "You can use the key for this session only.": "您可以仅在本次运行中使用该密钥。",
    "Saved.": "已保存。",
    "Testing…": "正在测试…",
    "Test failed: %1": "测试失败：%1",
    "The base URL must start with https:// (or http:// on this computer).": "接口地址必须以 https:// 开头（本机地址可用 http://）。",
    "Unencrypted connection": "未加密的连接",
    "%1 is not encrypted: your API key and conversations would travel in clear text. Use it anyway?": "%1 未加密：您的 API 密钥和对话内容将以明文传输。仍要使用吗？",
    # App
    "Cannot use the data folder": "无法使用数据文件夹",
    "%1 cannot be used: %2": "无法使用 %1：%2",
    "Archive damaged": "存档已损坏",
    "The archive could not be read and was set aside, not deleted: %1\n"
    "The latest backup is %2; to go back to it, quit and copy it to %3. "
    "A new, empty archive is used now.": "无法读取存档，已将其移到一旁（未删除）：%1\n最新的备份是 %2；如需恢复，请退出程序并将其复制为 %3。现在使用一个新的空存档。",
    "(none yet)": "（暂无）",
    "Already running": "程序已在运行",
    "Hunyuan Desktop is already open with the data folder %1. Switch to that window.": "混元桌面版已经在使用数据文件夹 %1 运行。请切换到那个窗口。",
    "Cannot open the archive": "无法打开存档",
    "Invalid base URL": "接口地址无效",
    "Not a usable URL: %1": "不是可用的地址：%1",
    "Sources": "来源",
    "Balance: not available": "余额：不可查询",
    "%1 does not publish the balance through its API; see its console: %2": "%1 的 API 不提供余额查询，请到其控制台查看：%2",
    "%1 tokens, price unknown": "%1 tokens，价格未知",
    "price unknown": "价格未知",
    "Search the web": "联网搜索",
    "Thinking": "深度思考",
    "The provider searches the web and lists its sources under the answer; it may bill searches.": "由服务商联网搜索，来源列在回答下方；搜索可能另行计费。",
    "%1 does not search the web with this model.": "%1 的这个模型不支持联网搜索。",
    "%1 offers no web search through its API.": "%1 的 API 不提供联网搜索。",
    "Off": "关闭",
    "On": "开启",
    "Low effort": "低强度",
    "Medium effort": "中强度",
    "High effort": "高强度",
    "Model default": "模型默认",
    "Whether the model thinks before it answers (its reasoning is shown above the answer).": "模型回答前是否先思考（思考过程显示在回答上方）。",
    "This provider has no thinking switch in its API.": "该服务商的 API 没有思考开关。",
    "price unknown (set it in Settings)": "价格未知（可在设置中填写）",
    "Providers": "服务商",
    "General": "通用",
    "Ticked: its models are offered in the model list": "勾选后，其模型会出现在模型列表中",
    "Test and fetch models": "测试并获取模型",
    "Asks for the model list (and the balance where there is one): no tokens": "查询模型列表（以及可查询的余额）：不消耗 tokens",
    "As in General": "同“通用”设置",
    "Models and prices (yuan per 1000 tokens; empty: unknown)": "模型与价格（元 / 每 1000 tokens；留空为未知）",
    "Input ¥ / 1K": "输入 ¥ / 1K",
    "Output ¥ / 1K": "输出 ¥ / 1K",
    "Another model id (e.g. an endpoint id ep-…)": "其他模型 ID（例如接入点 ID ep-…）",
    "Add": "添加",
    "Remove model": "移除模型",
    "Its API publishes no balance: see its console.": "其 API 不提供余额查询，请到控制台查看。",
    "Optional: a local server needs no key": "可选：本地服务无需密钥",
    "Double-click to enter the provider's price in yuan": "双击填写服务商的价格（元）",
    "From the provider's model list or added here": "来自服务商的模型列表，或在此添加",
    "Enter both the input and the output price (the same twice if one).": "请同时填写输入和输出价格（只有一个价格时填两次）。",
    "A price is a number of yuan per 1000 tokens, such as 0.0025.": "价格是每 1000 tokens 的元数，例如 0.0025。",
    "%1: %2 (saved with Save)": "%1：%2（点击保存后生效）",
    "%1 is already in the list.": "%1 已在列表中。",
    "Models of the shipped catalog stay; you can change their prices.": "内置目录中的模型不能移除，但可以修改价格。",
    "%1 (%2)": "%1（%2）",
    "Proxy (all providers)": "代理（所有服务商）",
    "No key needed: a local server. A key entered here is sent if given.": "无需密钥：这是本地服务。若在此填写密钥，会随请求发送。",
    "%n new model(s) added to the list below (prices unknown until you enter them).": "已将 %n 个新模型加入下方列表（填写价格前价格未知）。",
    "This provider publishes no balance through its API.": "该服务商的 API 不提供余额查询。",
    "%1 + replies of unknown price": "%1 + 未知价格的回复",
    "%1: ": "%1：",
    "No models yet: Settings → Test and fetch models": "暂无模型：设置 → 测试并获取模型",
    "Base URL not used": "未使用该接口地址",
    "The base URL “%1” in your settings is not https (or http on this computer) and was not confirmed, so the provider's own address is used. Change it in Settings.": "设置中的接口地址“%1”不是 https（或本机的 http），且未经确认，因此改用服务商自己的地址。请在设置中修改。",
    "%1 searches the web for this model, but its API does not name the pages it used: no sources can be listed. It may bill searches.": "%1 会为这个模型联网搜索，但其 API 不返回所用网页，因此无法列出来源。搜索可能另行计费。",
    "A key of Tencent TokenHub, DeepSeek, DashScope, Moonshot, Zhipu, SiliconFlow, OpenRouter or a local Ollama works too: Settings → Providers.": "腾讯 TokenHub、DeepSeek、阿里云百炼、Moonshot、智谱、硅基流动、OpenRouter 的密钥或本地 Ollama 也可以使用：设置 → 服务商。",
}


def fill(ts_path: Path) -> list[str]:
    """Write translations into the .ts; return the sources that have none."""
    tree = ET.parse(ts_path)
    missing: list[str] = []
    for message in tree.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        zh = ZH.get(source)
        if zh is None:
            missing.append(source)
            continue
        translation.attrib.pop("type", None)
        for child in list(translation):
            translation.remove(child)
        if message.get("numerus") == "yes":
            translation.text = None
            form = ET.SubElement(translation, "numerusform")
            form.text = zh
        else:
            translation.text = zh
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return missing


if __name__ == "__main__":
    left = fill(Path(sys.argv[1]))
    if left:
        print("no Chinese for:", *left, sep="\n  ")
        sys.exit(1)
