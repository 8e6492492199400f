<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/about.py" line="79" />
        <source>About Hunyuan Desktop</source>
        <translation>关于混元桌面版</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/about.py" line="80" />
        <source>Hunyuan Desktop %1</source>
        <translation>混元桌面版 %1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/about.py" line="82" />
        <source>Data folder: %1</source>
        <translation>数据文件夹：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/about.py" line="85" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/about.py" line="92" />
        <source>Hunyuan Desktop is free software under the</source>
        <translation>混元桌面版是自由软件，许可证为</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/about.py" line="94" />
        <source>Qt and Qt for Python are used under the GNU LGPL version 3: they are separate shared libraries, which you may replace with your own build of the same version. The other components and their licences:</source>
        <translation>Qt 和 Qt for Python 依 GNU LGPL 第 3 版使用：它们是独立的共享库，你可以换成自己编译的同版本库。其他组件及其许可证：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/about.py" line="100" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>ActionSet</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="94" />
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="95" />
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="96" />
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="97" />
        <source>&amp;Conversation</source>
        <translation>对话(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="98" />
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="99" />
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="100" />
        <source>Export as Markdown…</source>
        <translation>导出为 Markdown…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="101" />
        <source>Export as JSON…</source>
        <translation>导出为 JSON…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="102" />
        <source>Import conversations…</source>
        <translation>导入对话…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="103" />
        <source>Settings…</source>
        <translation>设置…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="104" />
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="105" />
        <source>Copy last answer</source>
        <translation>复制最后一个回答</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="106" />
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="107" />
        <source>Find in conversation…</source>
        <translation>在对话中查找…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="108" />
        <source>Find next</source>
        <translation>查找下一个</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="109" />
        <source>Find previous</source>
        <translation>查找上一个</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="110" />
        <source>Larger text</source>
        <translation>放大文字</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="111" />
        <source>Smaller text</source>
        <translation>缩小文字</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="112" />
        <source>Actual size</source>
        <translation>原始大小</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="113" />
        <source>Conversation list</source>
        <translation>对话列表</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="114" />
        <source>Parameters</source>
        <translation>参数面板</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="115" />
        <source>Stop answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="116" />
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="117" />
        <source>Regenerate last answer</source>
        <translation>重新生成最后的回答</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="118" />
        <source>Delete conversation…</source>
        <translation>删除对话…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/actions.py" line="119" />
        <source>About Hunyuan Desktop</source>
        <translation>关于混元桌面版</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="50" />
        <location filename="../../hunyuan_desktop/boot/startup.py" line="63" />
        <source>Cannot use the data folder</source>
        <translation>无法使用数据文件夹</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="64" />
        <source>%1 cannot be used: %2</source>
        <translation>无法使用 %1：%2</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="199" />
        <source>Archive damaged</source>
        <translation>存档已损坏</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="197" />
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="200" />
        <source>The archive could not be read and was set aside, not deleted: %1
The latest backup is %2; to go back to it, quit and copy it to %3. A new, empty archive is used now.</source>
        <translation>无法读取存档，已将其移到一旁（未删除）：%1
最新的备份是 %2；如需恢复，请退出程序并将其复制为 %3。现在使用一个新的空存档。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="213" />
        <location filename="../../hunyuan_desktop/boot/startup.py" line="215" />
        <source>Cannot open the archive</source>
        <translation>无法打开存档</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="51" />
        <source>%1 already holds files that are not Hunyuan Desktop's (%2). Choose an empty folder, or the one the app made; nothing in this one was changed.</source>
        <translation>%1 中已有不属于混元桌面版的文件（%2）。请选择一个空文件夹，或本应用创建的文件夹；这个文件夹里的内容没有任何改动。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="83" />
        <source>Already running</source>
        <translation>程序已在运行</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="84" />
        <source>Hunyuan Desktop is already open with the data folder %1. Switch to that window.</source>
        <translation>混元桌面版已经在使用数据文件夹 %1 运行。请切换到那个窗口。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="102" />
        <source>Your settings file in %1 cannot be read (check its permissions), so the default settings are used for now; your conversations are not affected.</source>
        <translation>无法读取 %1 中的设置文件（请检查其权限），暂时使用默认设置；你的对话不受影响。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="107" />
        <source>Settings reset</source>
        <translation>设置已重置</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="96" />
        <source>Your settings file in %1 could not be read, so the default settings are used. A damaged file was kept beside it as settings.json.damaged-…; your conversations are not affected.</source>
        <translation>%1 中的设置文件无法读取，已改用默认设置。损坏的文件已另存为 settings.json.damaged-…；你的对话不受影响。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="118" />
        <source>Unknown provider</source>
        <translation>未知的服务商</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="119" />
        <source>The provider “%1” in your settings is not known to this version; %2 is used instead.</source>
        <translation>设置中的服务商“%1”不被此版本识别，已改用 %2。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="135" />
        <source>Base URL not used</source>
        <translation>未使用该接口地址</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="136" />
        <source>The base URL “%1” in your settings is not https (or http on this computer) and was not confirmed, so the provider's own address is used. Change it in Settings.</source>
        <translation>设置中的接口地址“%1”不是 https（或本机的 http），且未经确认，因此改用服务商自己的地址。请在设置中修改。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="180" />
        <source>Invalid base URL</source>
        <translation>接口地址无效</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="181" />
        <source>Not a usable URL: %1</source>
        <translation>不是可用的地址：%1</translation>
    </message>
</context>
<context>
    <name>AttachmentTray</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="116" />
        <source>pasted image</source>
        <translation>粘贴的图片</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="132" />
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="147" />
        <source>pasted text</source>
        <translation>粘贴的文本</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="140" />
        <source>You pasted %1 characters. Attach them as a text file (the message box stays readable, the model reads the same text) instead of pasting them into the box? Your choice is remembered.</source>
        <translation>你粘贴了 %1 个字符。要把它们作为文本文件附加（输入框保持清爽，模型读到的内容相同），而不是直接粘贴进输入框吗？你的选择会被记住。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="143" />
        <source>Long paste</source>
        <translation>长文本粘贴</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="182" />
        <source>“%1” holds %2 characters; one file may send %3 (most models could not read more). Send its first %3 characters? No removes the file.</source>
        <translation>“%1”有 %2 个字符，一个文件最多发送 %3 个（多数模型读不了更多）。要发送它的前 %3 个字符吗？选“否”会移除这个文件。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="190" />
        <source>File too long</source>
        <translation>文件太长</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="203" />
        <source>“%1” was not added: the files of one message may hold %2 characters in all.</source>
        <translation>没有添加“%1”：一条消息里的文件合计最多 %2 个字符。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="214" />
        <source>“%1” was not added: one message takes at most %2 attachments, %3 of them images.</source>
        <translation>没有添加“%1”：一条消息最多带 %2 个附件，其中图片最多 %3 张。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="233" />
        <source>“%1” is too large to send.</source>
        <translation>“%1”太大，无法发送。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="234" />
        <source>“%1” is not a text file, an image, a PDF or a Word document: it cannot be sent.</source>
        <translation>“%1”不是文本文件、图片、PDF 或 Word 文档，无法发送。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="235" />
        <source>“%1” has no text layer (a scanned PDF?): nothing in it can be read as text.</source>
        <translation>“%1”没有文字层（扫描版 PDF？），读不出任何文字。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="236" />
        <source>“%1” is protected by a password: open it, save a copy without one and add that.</source>
        <translation>“%1”有密码保护：请打开它，另存一份不带密码的副本再添加。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="237" />
        <source>“%1” could not be read: the file is damaged or not what its name says.</source>
        <translation>无法读取“%1”：文件已损坏，或者内容与扩展名不符。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="238" />
        <source>“%1” could not be read: it was moved or deleted, or cannot be opened.</source>
        <translation>无法读取“%1”：它已被移动或删除，或者无法打开。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="239" />
        <source>“%1” is empty.</source>
        <translation>“%1”是空的。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="270" />
        <source>%1 — click to remove</source>
        <translation>%1 —— 点击移除</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/tray.py" line="271" />
        <source>Remove %1</source>
        <translation>移除 %1</translation>
    </message>
</context>
<context>
    <name>ComposerPane</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="85" />
        <source>Images and documents (%1)</source>
        <translation>图片和文档（%1）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="86" />
        <source>Images (%1)</source>
        <translation>图片（%1）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="87" />
        <source>All files (*)</source>
        <translation>所有文件（*）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="90" />
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="96" />
        <source>Attach files</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="95" />
        <source>Attach images or files (or paste them, or drop them here)</source>
        <translation>添加图片或文件（也可以粘贴，或拖到这里）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="97" />
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="98" />
        <source>Enter sends, Shift+Enter starts a new line</source>
        <translation>Enter 发送，Shift+Enter 换行</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="99" />
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="100" />
        <source>Ask anything… (Enter to send, Shift+Enter for a new line)</source>
        <translation>输入问题…（Enter 发送，Shift+Enter 换行）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="101" />
        <source>Editing a question: Send makes a new version, Esc cancels.</source>
        <translation>正在编辑问题：发送会生成一个新版本，按 Esc 取消。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="125" />
        <source>Trying again…</source>
        <translation>正在重试…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="128" />
        <source>Trying again in %n second(s)…</source>
        <translation><numerusform>%n 秒后重试…</numerusform></translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="158" />
        <source>price unknown</source>
        <translation>价格未知</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="160" />
        <source>Next request ≈ %1 / %2 tokens · input ≈ %3</source>
        <translation>下次请求约 %1 / %2 tokens · 输入约 %3</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/pane.py" line="167" />
        <source>An estimate: the conversation's current branch as the next request will carry it (older messages are left out when it would not fit), the system prompt and what you typed. The server's count is what is billed.</source>
        <translation>估算值：下次请求会带上的当前分支（放不下时会省略较早的消息）、系统提示词和你输入的内容。计费以服务器的统计为准。</translation>
    </message>
</context>
<context>
    <name>ErrorBanner</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/widgets.py" line="255" />
        <source>%1: </source>
        <translation>%1：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/widgets.py" line="260" />
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/widgets.py" line="261" />
        <source>Open settings</source>
        <translation>打开设置</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/widgets.py" line="262" />
        <source>Top up</source>
        <translation>充值</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/transcript/find.py" line="171" />
        <source>Find in conversation</source>
        <translation>在对话中查找</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/transcript/find.py" line="172" />
        <source>Previous match (Shift+Enter)</source>
        <translation>上一个匹配（Shift+Enter）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/transcript/find.py" line="173" />
        <source>Next match (Enter)</source>
        <translation>下一个匹配（Enter）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/transcript/find.py" line="174" />
        <source>Close (Esc)</source>
        <translation>关闭（Esc）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/transcript/find.py" line="229" />
        <source>No matches</source>
        <translation>无匹配</translation>
    </message>
</context>
<context>
    <name>GeneralPage</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="34" />
        <source>Stream answers as they are written</source>
        <translation>流式输出（边生成边显示）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="41" />
        <source>System proxy</source>
        <translation>系统代理</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="42" />
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="43" />
        <source>This proxy:</source>
        <translation>指定代理：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="53" />
        <source>A password typed here is kept in the system keyring, never in the settings file.</source>
        <translation>在这里输入的密码保存在系统钥匙串中，不会写进设置文件。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="64" />
        <source>None: the system's certificates only</source>
        <translation>无：只使用系统的证书</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="65" />
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="71" />
        <source>Name new conversations automatically with</source>
        <translation>自动为新对话命名，使用</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="78" />
        <source>the conversation's own provider (its cheapest model)</source>
        <translation>对话自己的服务商（其最便宜的模型）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="81" />
        <source>The first question and answer are sent to this model for a title. A conversation with a local provider (Ollama, LM Studio) is always named by that provider.</source>
        <translation>第一个问题和回答会发给这个模型来起标题。使用本地服务商（Ollama、LM Studio）的对话始终由该服务商起标题。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="90" />
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="136" />
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="122" />
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="145" />
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="111" />
        <source>the model chosen last</source>
        <translation>最近选择的模型</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="112" />
        <source>the default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="126" />
        <source>Takes effect when the app starts again.</source>
        <translation>重新启动应用后生效。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="146" />
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="147" />
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="155" />
        <source>System size</source>
        <translation>系统默认</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="161" />
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="162" />
        <source>Theme</source>
        <translation>主题</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="163" />
        <source>Interface font size</source>
        <translation>界面字号</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="164" />
        <source>Proxy (all providers)</source>
        <translation>代理（所有服务商）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="165" />
        <source>Extra CA certificates</source>
        <translation>额外的 CA 证书</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="167" />
        <source>New conversations use</source>
        <translation>新对话使用</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="169" />
        <source>Warn when balance is below</source>
        <translation>余额低于此值时提醒</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="170" />
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="175" />
        <source>CA certificate file</source>
        <translation>CA 证书文件</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="176" />
        <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
        <translation>证书 (*.pem *.crt *.cer);;所有文件 (*)</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="188" />
        <source>The proxy is not usable: %1</source>
        <translation>代理不可用：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="191" />
        <source>Enter the proxy's address, or choose System proxy or No proxy.</source>
        <translation>请输入代理地址，或选择“系统代理”或“不使用代理”。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/general_page.py" line="195" />
        <source>The CA certificate file %1 does not exist.</source>
        <translation>CA 证书文件 %1 不存在。</translation>
    </message>
</context>
<context>
    <name>HeaderBar</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="142" />
        <source>Export this conversation</source>
        <translation>导出此对话</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="143" />
        <source>Settings (Ctrl+,)</source>
        <translation>设置（Ctrl+,）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="144" />
        <source>Show or hide the conversation list (Ctrl+B)</source>
        <translation>显示或隐藏对话列表（Ctrl+B）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="145" />
        <source>Show or hide the parameters (Ctrl+Shift+B)</source>
        <translation>显示或隐藏参数面板（Ctrl+Shift+B）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="146" />
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="147" />
        <source>Presets: a system prompt, model and parameters in one click</source>
        <translation>预设：一键套用系统提示词、模型和参数</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="148" />
        <source>DEMO</source>
        <translation>演示</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="161" />
        <source>%1 tokens, price unknown</source>
        <translation>%1 tokens，价格未知</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="163" />
        <source>not reported</source>
        <translation>未报告</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="168" />
        <source>%1 + replies of unknown price</source>
        <translation>%1 + 未知价格的回复</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="172" />
        <source>Last reply %1 · this conversation %2</source>
        <translation>本次回复 %1 · 本对话 %2</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="173" />
        <source>Last %1 · total %2</source>
        <translation>本次 %1 · 共 %2</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="176" />
        <source>This conversation's cost includes %1 for its automatic title.</source>
        <translation>此对话的费用包含自动生成标题花费的 %1。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="192" />
        <source>Balance —</source>
        <translation>余额 —</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="192" />
        <source>The balance appears after the first request.</source>
        <translation>第一次请求后将显示余额。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="195" />
        <source>Balance: not available</source>
        <translation>余额：不可查询</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="195" />
        <source>n/a</source>
        <translation>不可用</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="196" />
        <source>%1 does not publish the balance through its API; see its console: %2</source>
        <translation>%1 的 API 不提供余额查询，请到其控制台查看：%2</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="210" />
        <source>Balance %1</source>
        <translation>余额 %1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="205" />
        <source>Balance %1, read at %2</source>
        <translation>余额 %1，读取于 %2</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="132" />
        <source>Answers in this conversation come from %1</source>
        <translation>这个对话的回答来自 %1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="149" />
        <source>DEMO · offline, nothing is billed. Click to leave the demo.</source>
        <translation>演示 · 离线，不计费。点击可退出演示。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="150" />
        <source>Leave the demo and use your own key</source>
        <translation>退出演示，使用自己的密钥</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/header.py" line="209" />
        <source>Below your warning level of %1.</source>
        <translation>低于您设定的提醒金额 %1。</translation>
    </message>
</context>
<context>
    <name>KeyBox</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="68" />
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="69" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="70" />
        <source>Save to keyring</source>
        <translation>保存到钥匙串</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="71" />
        <source>Use for this session only</source>
        <translation>仅本次运行使用</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="72" />
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="73" />
        <source>Test and fetch models</source>
        <translation>测试并获取模型</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="74" />
        <source>Asks for the model list (and the balance where there is one): no tokens</source>
        <translation>查询模型列表（以及可查询的余额）：不消耗 tokens</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="85" />
        <source>Paste your key (sk-…)</source>
        <translation>粘贴您的密钥（sk-…）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="87" />
        <source>Optional: a local server needs no key</source>
        <translation>可选：本地服务无需密钥</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="90" />
        <source>Get a key at %1</source>
        <translation>在 %1 获取密钥</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="102" />
        <source>Keyring unavailable: %1</source>
        <translation>钥匙串不可用：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="109" />
        <source>No key needed: a local server. A key entered here is sent if given.</source>
        <translation>无需密钥：这是本地服务。若在此填写密钥，会随请求发送。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="112" />
        <source>A key is saved in the system keyring (%1).</source>
        <translation>密钥已保存在系统钥匙串中（%1）。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="115" />
        <source>Using the key from HUNYUAN_API_KEY for this run; it is not saved.</source>
        <translation>本次运行使用 HUNYUAN_API_KEY 中的密钥；不会保存。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="116" />
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="205" />
        <source>Using a key for this session only; it will not be remembered.</source>
        <translation>仅在本次运行中使用密钥；退出后不会保留。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="117" />
        <source>No key saved yet.</source>
        <translation>尚未保存密钥。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="121" />
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="188" />
        <source>•••••••• (saved; tick Show to reveal)</source>
        <translation>••••••••（已保存；勾选“显示”可查看）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="149" />
        <source>Enter a key first.</source>
        <translation>请先填写密钥。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="154" />
        <source>This key contains a space, a line break or a non-ASCII character, which no server accepts. Copy the key again from the provider's page.</source>
        <translation>此密钥包含空格、换行或非 ASCII 字符，服务器不会接受。请从服务商页面重新复制密钥。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="171" />
        <source>Could not save to the keyring: %1</source>
        <translation>无法保存到钥匙串：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="188" />
        <source>Saved to the system keyring.</source>
        <translation>已保存到系统钥匙串。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="191" />
        <source>The system keyring is unavailable, so the key is used for this session only.</source>
        <translation>系统钥匙串不可用，此密钥仅在本次运行中使用。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="192" />
        <source>•••••••• (this session's key)</source>
        <translation>••••••••（本次运行的密钥）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="173" />
        <source>You can use the key for this session only.</source>
        <translation>您可以仅在本次运行中使用该密钥。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/key_box.py" line="181" />
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
</context>
<context>
    <name>Listing</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/sidebar/listing.py" line="175" />
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/sidebar/listing.py" line="177" />
        <source>Unpin</source>
        <translation>取消置顶</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/sidebar/listing.py" line="177" />
        <source>Pin to top</source>
        <translation>置顶</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/sidebar/listing.py" line="181" />
        <source>Delete…</source>
        <translation>删除…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="290" />
        <source>Hunyuan Desktop</source>
        <translation>混元桌面版</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="290" />
        <source>offline demo</source>
        <translation>离线演示</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="291" />
        <source>Search titles and messages</source>
        <translation>搜索标题和消息</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="292" />
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="344" />
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="301" />
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="380" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="562" />
        <source>No key yet for %1: enter one to send your message, or try the offline demo.</source>
        <translation>%1 还没有密钥：输入密钥即可发送你的消息，也可以先试试离线演示。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="587" />
        <source>Importing %1…</source>
        <translation>正在导入 %1…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="294" />
        <source>Pinned</source>
        <translation>已置顶</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="295" />
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="296" />
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="297" />
        <source>Previous 7 days</source>
        <translation>过去 7 天</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="298" />
        <source>Earlier</source>
        <translation>更早</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="300" />
        <source>No conversation matches.</source>
        <translation>没有匹配的对话。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="332" />
        <source>You are a helpful assistant.</source>
        <translation>你是一个乐于助人的助手。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="378" />
        <source>Delete conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/mainwindow.py" line="379" />
        <source>Delete “%1” and all its messages? This cannot be undone.</source>
        <translation>删除“%1”及其全部消息？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>MessageActions</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="105" />
        <source>This link was not opened: only web and mail links open.</source>
        <translation>未打开此链接：只能打开网页和邮件链接。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="109" />
        <source>Open link</source>
        <translation>打开链接</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="110" />
        <source>The link says “%1” but goes to:

%2

Open it?</source>
        <translation>链接文字显示为“%1”，实际指向：

%2

要打开吗？</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="73" />
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="134" />
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="95" />
        <source>Code copied</source>
        <translation>代码已复制</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="136" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="140" />
        <source>Copy as Markdown</source>
        <translation>复制为 Markdown</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="143" />
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="146" />
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="149" />
        <source>Select all</source>
        <translation>全选</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="150" />
        <source>Quote in reply</source>
        <translation>引用到回复</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="156" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="160" />
        <source>Regenerate with</source>
        <translation>换个模型重新生成</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="168" />
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="172" />
        <source>Edit and resend</source>
        <translation>编辑并重新发送</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="180" />
        <source>Previous version (%1 / %2)</source>
        <translation>上一个版本（%1 / %2）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="183" />
        <source>Next version</source>
        <translation>下一个版本</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="185" />
        <source>Delete message…</source>
        <translation>删除消息…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="189" />
        <source>Delete this version…</source>
        <translation>删除此版本…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="189" />
        <source>Delete with everything below…</source>
        <translation>删除此消息及其后的全部内容…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="200" />
        <source>Wait until the answer is finished.</source>
        <translation>请等待回答完成。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="242" />
        <source>Delete message</source>
        <translation>删除消息</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="243" />
        <source>Delete this message? This cannot be undone.</source>
        <translation>删除这条消息？此操作无法撤销。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="244" />
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="261" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message numerus="yes">
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="255" />
        <source>%n more message(s) below it on this branch go with it.</source>
        <translation><numerusform>此分支中它下面的 %n 条消息也会一起删除。</numerusform></translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="257" />
        <source>Delete with everything below</source>
        <translation>删除此消息及其后的全部内容</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/message_actions.py" line="258" />
        <source>Delete this message and everything that followed it? This cannot be undone.</source>
        <translation>删除这条消息及其后的全部内容？此操作无法撤销。</translation>
    </message>
</context>
<context>
    <name>Pages</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="57" />
        <source>Welcome to Hunyuan Desktop</source>
        <translation>欢迎使用混元桌面版</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="59" />
        <source>To talk to Hunyuan models you need an API key.</source>
        <translation>与混元大模型对话需要一个 API 密钥。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="61" />
        <source>Get one at %1, then enter it in Settings. It is kept in your system keyring only.</source>
        <translation>请在 %1 获取，然后在设置中填入。密钥只保存在系统钥匙串中。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="66" />
        <source>A key of Tencent TokenHub, DeepSeek, DashScope, Moonshot, Zhipu, SiliconFlow, OpenRouter or a local Ollama works too: Settings → Providers.</source>
        <translation>腾讯 TokenHub、DeepSeek、阿里云百炼、Moonshot、智谱、硅基流动、OpenRouter 的密钥或本地 Ollama 也可以使用：设置 → 服务商。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="70" />
        <source>No key yet? Try the offline demo: a local stand-in server, clearly marked, nothing billed.</source>
        <translation>还没有密钥？试试离线演示：本地模拟服务器，有明显标识，不产生任何费用。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="73" />
        <source>Enter API key…</source>
        <translation>填写 API 密钥…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="74" />
        <source>Try the offline demo</source>
        <translation>试用离线演示</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="76" />
        <source>What can I help you with?</source>
        <translation>有什么可以帮你？</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="78" />
        <source>Explain the CAP theorem with a real-world example</source>
        <translation>用一个真实的例子解释 CAP 定理</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="79" />
        <source>Write a Python function that merges two sorted lists</source>
        <translation>写一个合并两个有序列表的 Python 函数</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="80" />
        <source>Draft a polite email asking to move a meeting to Friday</source>
        <translation>起草一封礼貌的邮件，请求把会议改到周五</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="81" />
        <source>Summarise the pros and cons of remote work in a table</source>
        <translation>用表格总结远程办公的利弊</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="88" />
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="90" />
        <source>Messages, oldest first. Ctrl+Up and Ctrl+Down move from message to message.</source>
        <translation>消息按时间顺序排列。Ctrl+↑ 和 Ctrl+↓ 在消息之间移动。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="93" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="93" />
        <source>Hunyuan</source>
        <translation>混元</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="93" />
        <source>Reasoning</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="94" />
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="94" />
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="94" />
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="95" />
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="95" />
        <source>Continue</source>
        <translation>继续</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="95" />
        <source>Copy code</source>
        <translation>复制代码</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="96" />
        <source>tokens</source>
        <translation>tokens</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="96" />
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="96" />
        <source>Diagram</source>
        <translation>图表</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="97" />
        <source>…and %1 more sources the server sent, not kept</source>
        <translation>……另有 %1 个来源（服务器发来的）未保留</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="98" />
        <source>price unknown</source>
        <translation>价格未知</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="99" />
        <source>%1 characters</source>
        <translation>%1 个字符</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="99" />
        <source>cut to fit</source>
        <translation>已截断</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/pages.py" line="100" />
        <source>Answer this</source>
        <translation>回答这个问题</translation>
    </message>
</context>
<context>
    <name>ParamsPanel</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="262" />
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="263" />
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="264" />
        <source>Top P</source>
        <translation>Top P（核采样）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="265" />
        <source>Max tokens</source>
        <translation>最大输出 tokens</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="266" />
        <source>temperature: higher is more varied, lower more focused</source>
        <translation>temperature：越高越多样，越低越集中</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="267" />
        <source>top_p: sample only from the most likely tokens up to this share</source>
        <translation>top_p：只从累计概率达到该比例的候选词中采样</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="268" />
        <source>max_tokens: the longest answer, in tokens</source>
        <translation>max_tokens：回答的最大长度（tokens）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="277" />
        <source>System prompt (sent first in every request)</source>
        <translation>系统提示词（每次请求时最先发送）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="278" />
        <source>default</source>
        <translation>默认</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="281" />
        <source>Back to the model's default (nothing sent)</source>
        <translation>恢复为模型默认值（不发送）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="282" />
        <source>Drag to set a value (it is then sent); ↺ returns to the model's default</source>
        <translation>拖动来设定数值（之后会发送）；↺ 恢复为模型默认值</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="284" />
        <source>Search the web</source>
        <translation>联网搜索</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="285" />
        <source>Thinking</source>
        <translation>深度思考</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="299" />
        <source>No models yet: Settings → Test and fetch models</source>
        <translation>暂无模型：设置 → 测试并获取模型</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="381" />
        <source>%1 searches the web for this model, but its API does not name the pages it used: no sources can be listed. It may bill searches.</source>
        <translation>%1 会为这个模型联网搜索，但其 API 不返回所用网页，因此无法列出来源。搜索可能另行计费。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="385" />
        <source>The provider searches the web and lists its sources under the answer; it may bill searches.</source>
        <translation>由服务商联网搜索，来源列在回答下方；搜索可能另行计费。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="387" />
        <source>%1 does not search the web with this model.</source>
        <translation>%1 的这个模型不支持联网搜索。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="389" />
        <source>%1 offers no web search through its API.</source>
        <translation>%1 的 API 不提供联网搜索。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="393" />
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="394" />
        <source>On</source>
        <translation>开启</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="395" />
        <source>Low effort</source>
        <translation>低强度</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="396" />
        <source>Medium effort</source>
        <translation>中强度</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="397" />
        <source>High effort</source>
        <translation>高强度</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="402" />
        <source>Model default</source>
        <translation>模型默认</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="409" />
        <source>Whether the model thinks before it answers (its reasoning is shown above the answer).</source>
        <translation>模型回答前是否先思考（思考过程显示在回答上方）。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="411" />
        <source>This provider has no thinking switch in its API.</source>
        <translation>该服务商的 API 没有思考开关。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="418" />
        <source>Up to %1 tokens for this model</source>
        <translation>此模型最多 %1 tokens</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="463" />
        <source>price unknown (set it in Settings)</source>
        <translation>价格未知（可在设置中填写）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="465" />
        <source>%1 / 1K tokens</source>
        <translation>%1 / 千 tokens</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="469" />
        <source>in %1, out %2 / 1K tokens</source>
        <translation>输入 %1，输出 %2 / 千 tokens</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/params/panel.py" line="455" />
        <source>Tip: temperature and top_p both control diversity; set only one of them.</source>
        <translation>提示：temperature 和 top_p 都控制多样性，建议只设置其中一个。</translation>
    </message>
</context>
<context>
    <name>PresetActions</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/actions.py" line="58" />
        <source>Save these settings as a preset…</source>
        <translation>将当前设置保存为预设…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/actions.py" line="59" />
        <source>Manage presets…</source>
        <translation>管理预设…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/actions.py" line="62" />
        <source>Or start with a preset:</source>
        <translation>或者从一个预设开始：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/actions.py" line="77" />
        <source>Preset “%1” applied to this conversation.</source>
        <translation>已将预设“%1”用于当前对话。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/actions.py" line="82" />
        <source>Save as preset</source>
        <translation>保存为预设</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/actions.py" line="82" />
        <source>Name of the preset:</source>
        <translation>预设名称：</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/builtin.py" line="16" />
        <source>Translator</source>
        <translation>翻译助手</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/builtin.py" line="17" />
        <source>You are a professional translator between Chinese and English. Translate Chinese into English and any other language into Simplified Chinese. Reply with the translation only, keeping the original's formatting, terminology and tone.</source>
        <translation>你是专业的中英互译助手。用户输入中文时译成英文，输入其他语言时译成简体中文。只输出译文，保持原文的格式、术语和语气。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/builtin.py" line="25" />
        <source>Code reviewer</source>
        <translation>代码审查</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/builtin.py" line="26" />
        <source>You are a senior software engineer reviewing code. Point out correctness problems, edge cases, security risks, performance issues and readability problems, most serious first, and give the corrected code.</source>
        <translation>你是负责代码审查的资深软件工程师。指出正确性问题、边界情况、安全隐患、性能问题和可读性问题，按严重程度排序，并给出修改后的代码。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/builtin.py" line="34" />
        <source>Writing polish</source>
        <translation>润色改写</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/builtin.py" line="35" />
        <source>You are an editor. Polish the user's text without changing its meaning: fix typos and grammar, make it concise, fluent and appropriate. Give the polished text first, then a short list of the main changes.</source>
        <translation>你是文字编辑。在不改变原意的前提下润色用户的文字：修正错别字和语病，使表达简洁、通顺、得体。先给出润色后的全文，再简要列出主要修改。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/builtin.py" line="43" />
        <source>Summariser</source>
        <translation>内容总结</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/builtin.py" line="44" />
        <source>You summarise what the user provides. Start with one sentence that states the gist, then at most five bullet points with the key information, keeping numbers, dates and conclusions.</source>
        <translation>你负责总结用户提供的内容。先用一句话概括要点，再用不超过 5 条要点列出关键信息，保留数字、时间和结论。</translation>
    </message>
</context>
<context>
    <name>PresetsDialog</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="43" />
        <source>Presets</source>
        <translation>预设</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="51" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="52" />
        <source>Use its own model (otherwise the conversation's)</source>
        <translation>使用预设自己的模型（否则沿用对话的模型）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="59" />
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="60" />
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="132" />
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="61" />
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="62" />
        <source>Use in this conversation</source>
        <translation>用于当前对话</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="63" />
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="64" />
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="65" />
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="105" />
        <source>built-in</source>
        <translation>内置</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="132" />
        <source>Save as my preset</source>
        <translation>另存为我的预设</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="134" />
        <source>Built-in presets cannot be changed: Save makes a copy of your own.</source>
        <translation>内置预设不能修改：保存会生成一份你自己的副本。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="157" />
        <source>My preset</source>
        <translation>我的预设</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="165" />
        <source>A preset needs a name.</source>
        <translation>预设需要一个名称。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="168" />
        <source>Could not save the preset: %1</source>
        <translation>无法保存预设：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="177" />
        <source>Delete preset</source>
        <translation>删除预设</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="177" />
        <source>Delete the preset “%1”?</source>
        <translation>删除预设“%1”？</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="189" />
        <source>Import presets</source>
        <translation>导入预设</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="200" />
        <source>Could not import presets from %1: %2</source>
        <translation>无法从 %1 导入预设：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="204" />
        <source>Imported %n preset(s).</source>
        <translation><numerusform>已导入 %n 个预设。</numerusform></translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="209" />
        <source>Export presets</source>
        <translation>导出预设</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="220" />
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../hunyuan_desktop/ui/presets/dialog.py" line="223" />
        <source>Exported %n preset(s).</source>
        <translation><numerusform>已导出 %n 个预设。</numerusform></translation>
    </message>
</context>
<context>
    <name>PriceTable</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="51" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="52" />
        <source>Model ID</source>
        <translation>模型 ID</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="53" />
        <source>Input
¥ / 1K</source>
        <translation>输入
¥ / 千</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="54" />
        <source>Output
¥ / 1K</source>
        <translation>输出
¥ / 千</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="55" />
        <source>Updated</source>
        <translation>更新日期</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="56" />
        <source>Images</source>
        <translation>图片</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="89" />
        <source>Double-click to enter the provider's price in yuan</source>
        <translation>双击填写服务商的价格（元）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="98" />
        <source>From the provider's model list or added here</source>
        <translation>来自服务商的模型列表，或在此添加</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="105" />
        <source>The catalog says this model reads images</source>
        <translation>模型目录注明这个模型能读取图片</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/price_table.py" line="108" />
        <source>Tick if this model reads images: they are then sent to it without asking</source>
        <translation>如果这个模型能读取图片就勾选：之后发给它的图片不再询问</translation>
    </message>
</context>
<context>
    <name>ProvidersPage</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="59" />
        <source>Ticked: its models are offered in the model list</source>
        <translation>勾选后，其模型会出现在模型列表中</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="82" />
        <source>As in General</source>
        <translation>同“通用”设置</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="83" />
        <source>System proxy</source>
        <translation>系统代理</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="84" />
        <source>No proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="85" />
        <source>This proxy:</source>
        <translation>指定代理：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="92" />
        <source>A password typed here is kept in the system keyring, never in the settings file.</source>
        <translation>在这里输入的密码保存在系统钥匙串中，不会写进设置文件。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="101" />
        <source>Base URL</source>
        <translation>接口地址</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="108" />
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="110" />
        <source>Models and prices (yuan per 1000 tokens; empty: unknown)</source>
        <translation>模型与价格（元 / 每 1000 tokens；留空为未知）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="117" />
        <source>Another model id (e.g. an endpoint id ep-…)</source>
        <translation>其他模型 ID（例如接入点 ID ep-…）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="118" />
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="122" />
        <source>Remove model</source>
        <translation>移除模型</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="190" />
        <source>Its API publishes no balance: see its console.</source>
        <translation>其 API 不提供余额查询，请到控制台查看。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="198" />
        <source>This run uses %1 (given when the app was started); the address above is what is saved.</source>
        <translation>本次运行使用 %1（启动应用时指定）；上面的地址是已保存的设置。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="239" />
        <source>Enter both the input and the output price (the same twice if one).</source>
        <translation>请同时填写输入和输出价格（只有一个价格时填两次）。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="243" />
        <source>A price is a number of yuan per 1000 tokens, such as 0.0025.</source>
        <translation>价格是每 1000 tokens 的元数，例如 0.0025。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="247" />
        <source>%1: %2 (saved with Save)</source>
        <translation>%1：%2（点击保存后生效）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="269" />
        <source>%1 is already in the list.</source>
        <translation>%1 已在列表中。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/providers_page.py" line="276" />
        <source>Models of the shipped catalog stay; you can change their prices.</source>
        <translation>内置目录中的模型不能移除，但可以修改价格。</translation>
    </message>
</context>
<context>
    <name>Sender</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/sending.py" line="81" />
        <source>%1 is not known to read images: it may refuse the request or answer without seeing them. (If it does read images, tick it under Images in Settings → Providers.)</source>
        <translation>不确定 %1 能否读取图片：它可能拒绝这个请求，或者看不到图片就回答。（如果它能读取图片，请在“设置 → 服务商”的“图片”一栏勾选它。）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/sending.py" line="87" />
        <source>Send images?</source>
        <translation>发送图片？</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/sending.py" line="89" />
        <source>Use %1</source>
        <translation>改用 %1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/sending.py" line="90" />
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/sending.py" line="91" />
        <source>Remove the images</source>
        <translation>移除图片</translation>
    </message>
</context>
<context>
    <name>SessionView</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/render.py" line="73" />
        <source>From now on, answers in “%1” come from %2.</source>
        <translation>从现在起，“%1”的回答来自 %2。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="57" />
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="73" />
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="74" />
        <source>General</source>
        <translation>通用</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="75" />
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="92" />
        <source>These are the demo's settings, kept with the demo's own conversations: keys and addresses entered here are not used while the demo runs. To use your own key, leave the demo (the DEMO mark in the header).</source>
        <translation>这是演示模式自己的设置，与演示的对话保存在一起：演示运行时不会使用这里填写的密钥和地址。要使用自己的密钥，请退出演示（点击标题栏的“演示”标记）。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="163" />
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="169" />
        <source>Server said: %1</source>
        <translation>服务器消息：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="169" />
        <source>Details: %1</source>
        <translation>详情：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="170" />
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="174" />
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="181" />
        <source>Test failed: %1</source>
        <translation>测试失败：%1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="189" />
        <source>The key works: the model list answered with %n model(s).</source>
        <translation><numerusform>密钥可用：模型列表返回了 %n 个模型。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="193" />
        <source>%n new model(s) added to the list below (prices unknown until you enter them).</source>
        <translation><numerusform>已将 %n 个新模型加入下方列表（填写价格前价格未知）。</numerusform></translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="196" />
        <source>Balance: %1.</source>
        <translation>余额：%1。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="200" />
        <source>This provider publishes no balance through its API.</source>
        <translation>该服务商的 API 不提供余额查询。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="201" />
        <source>No tokens were spent.</source>
        <translation>没有消耗 tokens。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="211" />
        <source>The base URL must start with https:// (or http:// on this computer).</source>
        <translation>接口地址必须以 https:// 开头（本机地址可用 http://）。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="244" />
        <source>The proxy is not usable: %1</source>
        <translation>代理不可用：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/dialog.py" line="273" />
        <source>Could not save the settings: %1. Free some disk space or check the data folder, then Save again.</source>
        <translation>无法保存设置：%1。请释放磁盘空间或检查数据文件夹，然后再次保存。</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <location filename="../../hunyuan_desktop/boot/startup.py" line="242" />
        <source>Hunyuan Desktop found no graphical display (neither DISPLAY nor WAYLAND_DISPLAY is set), so it cannot open its window. Start it from your desktop session; over SSH, connect with X forwarding (ssh -X).</source>
        <translation>Hunyuan Desktop 没有找到图形显示环境（DISPLAY 和 WAYLAND_DISPLAY 都未设置），无法打开窗口。请在桌面会话中启动它；通过 SSH 使用时，请用 X 转发连接（ssh -X）。</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="39" />
        <source>A WebDAV folder (坚果云, Nextcloud…) or an S3-compatible bucket (Tencent COS, Aliyun OSS, MinIO, AWS) that your machines share. webdav+http:// and s3+http:// for plain http.</source>
        <translation>你的各台电脑共用的 WebDAV 文件夹（坚果云、Nextcloud 等）或兼容 S3 的存储桶（腾讯云 COS、阿里云 OSS、MinIO、AWS）。明文 http 用 webdav+http:// 或 s3+http://。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="53" />
        <source>The passphrase encrypts everything on the remote: the server sees no conversation. Use the same one on every machine and keep it safe: without it nobody, not even you, can read what is there.</source>
        <translation>同步口令加密远端的全部内容：服务器看不到任何对话。每台电脑用同一个口令，并妥善保管：没有它，任何人（包括你自己）都读不出远端的内容。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="59" />
        <source>Allow plain http to this server (a network you trust)</source>
        <translation>允许以明文 http 连接这台服务器（仅限你信任的网络）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="64" />
        <source>Sync automatically, shortly after start and after answers</source>
        <translation>自动同步：启动后和每次回答后稍等片刻</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="67" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="70" />
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="72" />
        <source>Check the server, the credentials and the passphrase; nothing is synced</source>
        <translation>检查服务器、凭据和同步口令；不进行同步</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="81" />
        <source>Remote:</source>
        <translation>远端：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="86" />
        <source>Passphrase:</source>
        <translation>同步口令：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="110" />
        <source>The offline demo does not sync.</source>
        <translation>离线演示不进行同步。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="116" />
        <source>Access key id:</source>
        <translation>访问密钥 ID：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="116" />
        <source>User name:</source>
        <translation>用户名：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="117" />
        <source>Secret key:</source>
        <translation>访问密钥：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="117" />
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="130" />
        <source>kept in the system keyring</source>
        <translation>已保存在系统钥匙串中</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="136" />
        <source>Syncing…</source>
        <translation>正在同步…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/settings/sync_page.py" line="140" />
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/syncing.py" line="37" />
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/syncing.py" line="38" />
        <source>Merge with your other machines through the remote in Settings → Sync</source>
        <translation>通过“设置 → 同步”中的远端与其他电脑合并对话</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="43" />
        <source>The API key is missing or was not accepted.</source>
        <translation>API 密钥缺失或未被接受。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="44" />
        <source>Open Settings and enter a valid key, then press Retry.</source>
        <translation>请打开设置，填入有效的密钥，然后点击重试。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="49" />
        <source>Your account balance is too low for this request.</source>
        <translation>账户余额不足，无法完成此次请求。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="50" />
        <source>Top up your balance, then press Retry.</source>
        <translation>请先充值，然后点击重试。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="58" />
        <source>Too many requests right now; retry in %n second(s).</source>
        <translation>请求过于频繁，请在 %n 秒后重试。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="62" />
        <source>Wait a moment, then press Retry.</source>
        <translation>请稍候，然后点击重试。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="64" />
        <source>The server is limiting how often you can send.</source>
        <translation>服务器限制了请求频率。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="70" />
        <source>The server had a problem answering.</source>
        <translation>服务器在回答时出错。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="71" />
        <source>This is usually temporary: press Retry.</source>
        <translation>这通常是暂时的：请点击重试。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="76" />
        <source>The server refused this request.</source>
        <translation>服务器拒绝了此请求。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="77" />
        <source>Check the model and the parameters, then press Retry.</source>
        <translation>请检查模型和参数，然后点击重试。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="82" />
        <source>The connection to the server was lost in the middle of the answer.</source>
        <translation>回答过程中与服务器的连接中断了。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="85" />
        <source>What arrived is kept. Press Retry to ask again.</source>
        <translation>已收到的内容已保留。点击重试可重新提问。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="90" />
        <source>An unexpected error stopped this answer.</source>
        <translation>一个意外错误中断了此回答。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="91" />
        <source>What arrived is kept. Press Retry; if it happens again, the log in the data folder says more.</source>
        <translation>已收到的内容已保留。请点击重试；如果再次发生，数据文件夹中的日志有更多信息。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="99" />
        <source>Could not reach the server.</source>
        <translation>无法连接到服务器。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="100" />
        <source>Check your network connection and the base URL, then press Retry.</source>
        <translation>请检查网络连接和接口地址，然后点击重试。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="107" />
        <source>Could not get through the proxy.</source>
        <translation>无法通过代理连接。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="108" />
        <source>Check the proxy in Settings (or that it is running), then press Retry.</source>
        <translation>请在设置中检查代理（或确认代理正在运行），然后点击重试。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="115" />
        <source>The server's certificate is not trusted.</source>
        <translation>服务器的证书不受信任。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="116" />
        <source>On a company network, add its CA certificate file in Settings; otherwise check the base URL.</source>
        <translation>在公司网络中，请在设置中添加公司的 CA 证书文件；否则请检查接口地址。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="124" />
        <source>The server took too long to answer.</source>
        <translation>服务器响应超时。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="125" />
        <source>Press Retry; the partial answer is kept.</source>
        <translation>请点击重试；已生成的部分回答会保留。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="130" />
        <source>The server sent something that is not a valid answer.</source>
        <translation>服务器返回了无法解析的内容。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="131" />
        <source>Press Retry; if it keeps happening, check the base URL.</source>
        <translation>请点击重试；如果反复出现，请检查接口地址。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="136" />
        <source>The answer was cut off before it was complete.</source>
        <translation>回答在完成之前中断了。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="137" />
        <source>Press Retry to ask again; the partial answer is kept.</source>
        <translation>点击重试重新提问；已生成的部分回答会保留。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="142" />
        <source>The system keyring could not be used.</source>
        <translation>无法使用系统钥匙串。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="143" />
        <source>Open Settings to unlock it, or use your key for this session only.</source>
        <translation>请打开设置解锁钥匙串，或仅在本次运行中使用密钥。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="150" />
        <source>The archive could not be written.</source>
        <translation>无法写入本地存档。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="151" />
        <source>Check free disk space and permissions of the data folder; what you typed is still in the input box.</source>
        <translation>请检查磁盘剩余空间和数据文件夹的权限；您输入的内容仍保留在输入框中。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="160" />
        <source>Something went wrong.</source>
        <translation>出现了问题。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="161" />
        <source>Press Retry.</source>
        <translation>请点击重试。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="181" />
        <source>no API key is set</source>
        <translation>还没有设置 API 密钥</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="188" />
        <source>the connection was dropped (%1)</source>
        <translation>连接中断（%1）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="195" />
        <source>could not connect in time (%1)</source>
        <translation>未能及时连接（%1）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="202" />
        <source>the server's certificate is not trusted (%1)</source>
        <translation>服务器的证书不受信任（%1）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="209" />
        <source>the proxy %1 failed (%2)</source>
        <translation>代理 %1 出错（%2）</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="216" />
        <source>%1 did not answer in time</source>
        <translation>%1 没有及时响应</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="223" />
        <source>the server sent nothing before the first-byte timeout</source>
        <translation>在首字节超时之前服务器什么都没有发送</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="230" />
        <source>the stream ended before the answer was complete</source>
        <translation>回答还没完整，数据流就结束了</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="237" />
        <source>the server stopped sending the response</source>
        <translation>服务器停止发送响应</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="244" />
        <source>the server stopped sending for %1 s in the middle of the answer</source>
        <translation>回答到一半时服务器停止发送了 %1 秒</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="251" />
        <source>the server accepted the request but sent no answer within %1 s</source>
        <translation>服务器接受了请求，但 %1 秒内没有发送回答</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="258" />
        <source>the server sent a web page instead of an answer: %1</source>
        <translation>服务器发来的是网页而不是回答：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="265" />
        <source>the server's answer is not valid JSON: %1</source>
        <translation>服务器的回答不是有效的 JSON：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="272" />
        <source>this provider publishes no balance</source>
        <translation>该服务商不通过 API 提供余额</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="279" />
        <source>the balance endpoint answered in an unexpected format</source>
        <translation>余额接口返回的格式不符合预期</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="286" />
        <source>the model list came in an unexpected format</source>
        <translation>模型列表的格式不符合预期</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="293" />
        <source>nothing to send: the conversation has no question</source>
        <translation>没有可发送的内容：这个对话里还没有问题</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="300" />
        <source>the conversation was deleted while its answer was requested</source>
        <translation>请求回答期间这个对话被删除了</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="307" />
        <source>the system keyring is locked: unlock it (log in to your desktop or open your password manager) and try again, or use the key for this session only</source>
        <translation>系统钥匙串已锁定：请解锁（登录桌面或打开密码管理器）后重试，或者只在本次会话中使用这个密钥</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="315" />
        <source>no usable system keyring (%1): install and start one (GNOME Keyring or KWallet), or use the key for this session only — it will not be remembered</source>
        <translation>没有可用的系统钥匙串（%1）：请安装并启动一个（GNOME Keyring 或 KWallet），或者只在本次会话中使用这个密钥——它不会被记住</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="323" />
        <source>the system keyring refused to store the key: check that it is unlocked and try again</source>
        <translation>系统钥匙串拒绝保存密钥：请确认它已解锁后重试</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="330" />
        <source>the API key contains a character that cannot be sent (a space, a line break or a non-ASCII character): paste the key again in Settings</source>
        <translation>API 密钥里有无法发送的字符（空格、换行或非 ASCII 字符）：请在设置中重新粘贴密钥</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="361" />
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="496" />
        <source>Server said: %1</source>
        <translation>服务器消息：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="363" />
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="494" />
        <source>Details: %1</source>
        <translation>详情：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="371" />
        <source>Unencrypted connection</source>
        <translation>未加密的连接</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="372" />
        <source>%1 is not encrypted: your API key and conversations would travel in clear text. Use it anyway?</source>
        <translation>%1 未加密：您的 API 密钥和对话内容将以明文传输。仍要使用吗？</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="381" />
        <source>answering…</source>
        <translation>回答中…</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="382" />
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="383" />
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="384" />
        <source>interrupted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="390" />
        <source>cut at the max_tokens limit</source>
        <translation>已达到 max_tokens 上限而截断</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="391" />
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="392" />
        <source>stopped by the provider's content check</source>
        <translation>被服务商的内容审核中止</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="401" />
        <source>The server accepts these credentials and the passphrase opens the remote.</source>
        <translation>服务器接受这些凭据，同步口令也能打开远端。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="405" />
        <source>The server accepts these credentials; the remote is empty: the first sync sets it up.</source>
        <translation>服务器接受这些凭据；远端是空的：第一次同步时会用这个口令建立它。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="415" />
        <source>Synced at %1: %2 received, %3 sent.</source>
        <translation>%1 已同步：收到 %2 个对话，发出 %3 个。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="419" />
        <source>%1 deleted on another machine, so here too.</source>
        <translation>另有 %1 个对话已在其他电脑上删除，这里也已删除。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="423" />
        <source>The remote was empty and is now set up with your passphrase. Keep the passphrase safe: without it nobody, not even you, can read what is there.</source>
        <translation>远端原本是空的，现已用你的同步口令建立。请妥善保管口令：没有它，任何人（包括你自己）都读不出远端的内容。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="410" />
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="429" />
        <source>The system keyring is not available: the credentials are kept until the app closes.</source>
        <translation>系统钥匙串不可用：这些凭据只保留到应用关闭。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="434" />
        <source>No sync remote yet: set one in Settings → Sync.</source>
        <translation>还没有同步远端：请在“设置 → 同步”中设置。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="435" />
        <source>This is not a sync remote: use webdav://host/folder or s3://host/bucket/prefix (https).</source>
        <translation>这不是同步远端地址：请使用 webdav://主机/文件夹 或 s3://主机/存储桶/前缀（https）。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="438" />
        <source>%1 is plain http to another computer: anyone on the way can see and change the traffic (the contents stay encrypted). Use https, or allow it in Settings → Sync.</source>
        <translation>%1 是连到另一台电脑的明文 http：途经的任何人都能看到并篡改通信（内容本身仍是加密的）。请改用 https，或在“设置 → 同步”中允许。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="443" />
        <source>No user name, password or passphrase is kept for %1: enter them in Settings → Sync.</source>
        <translation>没有为 %1 保存用户名、密码或同步口令：请在“设置 → 同步”中填写。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="446" />
        <source>Could not reach the sync server. Check the address and the network, then sync again.</source>
        <translation>无法连接同步服务器。请检查地址和网络，然后再同步。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="449" />
        <source>The sync server did not answer in time. Sync again later.</source>
        <translation>同步服务器没有及时响应。请稍后再同步。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="450" />
        <source>The sync server refused the user name or password. Check them in Settings → Sync (坚果云 wants an app password, not the account's).</source>
        <translation>同步服务器拒绝了用户名或密码。请在“设置 → 同步”中检查（坚果云需要“应用密码”，而不是账户密码）。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="455" />
        <source>The sync server refused access to this folder. Check the account's rights there.</source>
        <translation>同步服务器拒绝访问这个文件夹。请检查该账户在那里的权限。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="458" />
        <source>The sync remote has no room left. Free space there, then sync again; nothing was changed.</source>
        <translation>同步远端没有剩余空间。请先腾出空间再同步；本次没有做任何更改。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="461" />
        <source>The sync folder or bucket was not found. Create it on the server first.</source>
        <translation>找不到同步文件夹或存储桶。请先在服务器上创建。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="464" />
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="467" />
        <source>Other machines were writing to the remote at the same time. Sync again in a moment.</source>
        <translation>其他电脑正在同时写入远端。请稍后再同步。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="470" />
        <source>The passphrase is not the one this remote was set up with. Nothing was changed, here or there.</source>
        <translation>同步口令与建立这个远端时用的不一致。本机和远端都没有做任何更改。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="474" />
        <source>The remote was written by a newer version of Hunyuan Desktop. Update this one to sync.</source>
        <translation>远端由更新版本的 Hunyuan Desktop 写入。请先升级本机的应用再同步。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="477" />
        <source>The remote folder holds files that are not this app's. Choose an empty folder for sync.</source>
        <translation>远端文件夹里有不属于本应用的文件。请为同步选一个空文件夹。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="480" />
        <source>A file on the remote is damaged or unreadable. Nothing was changed.</source>
        <translation>远端的某个文件已损坏或无法读取。没有做任何更改。</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="483" />
        <source>The archive could not be written: %1</source>
        <translation>无法写入对话存档：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="484" />
        <source>Sync could not run on this computer: %1</source>
        <translation>同步无法在这台电脑上进行：%1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/kit/texts.py" line="487" />
        <source>The sync server answered an error. Sync again later.</source>
        <translation>同步服务器返回了错误。请稍后再同步。</translation>
    </message>
</context>
<context>
    <name>Transfer</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="43" />
        <source>You</source>
        <translation>你</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="44" />
        <source>Hunyuan</source>
        <translation>混元</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="45" />
        <source>Reasoning</source>
        <translation>思考过程</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="46" />
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="47" />
        <source>Sources</source>
        <translation>来源</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="48" />
        <source>…and %1 more sources the server sent, not kept</source>
        <translation>……另有 %1 个来源（服务器发来的）未保留</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="55" />
        <source>Export conversation</source>
        <translation>导出对话</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="66" />
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="73" />
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="77" />
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="84" />
        <source>Import conversations</source>
        <translation>导入对话</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="87" />
        <source>Conversation exports: this app's, ChatGPT, Claude, Chatbox, LobeChat, Cherry Studio (*.json *.zip)</source>
        <translation>对话导出文件：本应用、ChatGPT、Claude、Chatbox、LobeChat、Cherry Studio (*.json *.zip)</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="124" />
        <source>Already in your archive</source>
        <translation>存档里已经有了</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="126" />
        <source>“%1” is already in your archive (imported or exported from it). Import a second copy?</source>
        <translation>“%1”已经在你的存档里了（之前导入过，或者就是从这里导出的）。要再导入一份副本吗？</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="135" />
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="138" />
        <source>Import failed</source>
        <translation>导入失败</translation>
    </message>
    <message numerus="yes">
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="144" />
        <source>Importing %1… %n conversation(s) so far</source>
        <translation><numerusform>正在导入 %1… 已导入 %n 个对话</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="148" />
        <source>%n conversation(s) imported from %1.</source>
        <translation><numerusform>已从 %1 导入 %n 个对话。</numerusform></translation>
    </message>
    <message numerus="yes">
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="150" />
        <source>%n were imported before and were skipped.</source>
        <translation><numerusform>另有 %n 个此前已导入，已跳过。</numerusform></translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="151" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="157" />
        <source>%1 could not be imported: %2</source>
        <translation>无法导入 %1：%2</translation>
    </message>
    <message>
        <location filename="../../hunyuan_desktop/ui/window/transfer.py" line="157" />
        <source>Could not write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
</context>
<context>
    <name>dialog</name>
    <message>
        <location filename="../../hunyuan_desktop/ui/compose/viewer.py" line="23" />
        <source>This attachment is not in the archive any more.</source>
        <translation>存档里已经没有这个附件了。</translation>
    </message>
</context>
</TS>