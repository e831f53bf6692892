<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="zh_CN">
    <context>
        <name>AboutDialog</name>
        <message>
            <source>关于 FieldKit</source>
            <translation>About FieldKit</translation>
        </message>
        <message>
            <source>FieldKit 企业服务助手</source>
            <translation>FieldKit enterprise service assistant</translation>
        </message>
        <message>
            <source>版本 {version}</source>
            <translation>Version {version}</translation>
        </message>
        <message>
            <source>为产业功能区产业助理、助企干部和“五位一体”服务专员提供的离线工作台。</source>
            <translation>An offline workbench for the industrial assistants, enterprise-service officers and "five-in-one" service specialists of industrial zones.</translation>
        </message>
        <message>
            <source>数据文件夹：{folder}
日志文件：{log}</source>
            <translation>Data folder: {folder}
Log file: {log}</translation>
        </message>
        <message>
            <source>随本软件提供的字体和程序库及其许可证：</source>
            <translation>Font and libraries shipped with this software, and their licences:</translation>
        </message>
        <message>
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>版本</source>
            <translation>Version</translation>
        </message>
        <message>
            <source>许可证</source>
            <translation>Licence</translation>
        </message>
        <message>
            <source>查看字体许可证全文</source>
            <translation>Show the font's full licence</translation>
        </message>
        <message>
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>见该程序库的发行说明</source>
            <translation>see the library's distribution</translation>
        </message>
        <message>
            <source>字体许可证文件缺失：请重新安装本软件。</source>
            <translation>The font's licence file is missing: please reinstall this software.</translation>
        </message>
    </context>
    <context>
        <name>AdvanceApplicationDialog</name>
        <message>
            <source>一次性告知补正</source>
            <translation>One-time correction notice</translation>
        </message>
        <message>
            <source>补正完成</source>
            <translation>Corrections received</translation>
        </message>
        <message>
            <source>{intro}
企业已按一次性告知补正以下内容，申报回到受理、等待初审：
{items}</source>
            <translation>{intro}
The enterprise has corrected what the one-time notice listed; the application returns to accepted, awaiting the preliminary review:
{items}</translation>
        </message>
        <message>
            <source>日期</source>
            <translation>Date</translation>
        </message>
        <message>
            <source>每行一项，一次列全：材料不齐全或不符合法定形式的每一处（一次性告知，之后不能再次要求补正）</source>
            <translation>One per line, all at once: every missing document or one not in the legal form (told once; no second notice can be given)</translation>
        </message>
        <message>
            <source>需补正的全部内容</source>
            <translation>Every correction required</translation>
        </message>
        <message>
            <source> 万元</source>
            <translation> ×10k CNY</translation>
        </message>
        <message>
            <source>兑现金额</source>
            <translation>Amount redeemed</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>ApplicationTableModel</name>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>政策</source>
            <translation>Policy</translation>
        </message>
        <message>
            <source>进度</source>
            <translation>Progress</translation>
        </message>
        <message>
            <source>申报日期</source>
            <translation>Applied on</translation>
        </message>
        <message>
            <source>最近更新</source>
            <translation>Last update</translation>
        </message>
        <message>
            <source>兑现金额（万元）</source>
            <translation>Amount (10k CNY)</translation>
        </message>
        <message>
            <source>补正</source>
            <translation>Corrections</translation>
        </message>
    </context>
    <context>
        <name>AssessmentDialog</name>
        <message>
            <source>考核打分</source>
            <translation>Score assessment</translation>
        </message>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>考核期开始</source>
            <translation>Period start</translation>
        </message>
        <message>
            <source>考核期结束</source>
            <translation>Period end</translation>
        </message>
        <message>
            <source>考核来源</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>服务质效（40%）</source>
            <translation>Service effect (40%)</translation>
        </message>
        <message>
            <source>服务态度（30%）</source>
            <translation>Attitude (30%)</translation>
        </message>
        <message>
            <source>企业满意度（30%）</source>
            <translation>Enterprise satisfaction (30%)</translation>
        </message>
        <message>
            <source>总分</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>评语</source>
            <translation>Comment</translation>
        </message>
        <message>
            <source>保存考核</source>
            <translation>Save assessment</translation>
        </message>
    </context>
    <context>
        <name>AssessmentTableModel</name>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>考核期</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>服务质效</source>
            <translation>Service effect</translation>
        </message>
        <message>
            <source>服务态度</source>
            <translation>Attitude</translation>
        </message>
        <message>
            <source>企业满意度</source>
            <translation>Enterprise satisfaction</translation>
        </message>
        <message>
            <source>总分</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>来源</source>
            <translation>Source</translation>
        </message>
        <message>
            <source>考核人</source>
            <translation>Assessor</translation>
        </message>
        <message>
            <source>评语</source>
            <translation>Comment</translation>
        </message>
    </context>
    <context>
        <name>AssignmentHistoryTableModel</name>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>开始日期</source>
            <translation>Start date</translation>
        </message>
        <message>
            <source>结束日期</source>
            <translation>End date</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>AssignmentTableModel</name>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>当前包联人员</source>
            <translation>Currently assigned to</translation>
        </message>
    </context>
    <context>
        <name>AttachmentFetcher</name>
        <message>
            <source>照片</source>
            <translation>photo</translation>
        </message>
        <message>
            <source>签名</source>
            <translation>signature</translation>
        </message>
        <message>
            <source>正在下载{kind} {n}/{total}：{name} …</source>
            <translation>Downloading {kind} {n}/{total}: {name} …</translation>
        </message>
        <message>
            <source>{kind}暂时无法下载，稍后再试</source>
            <translation>The {kind} cannot be downloaded right now; try again later</translation>
        </message>
        <message>
            <source>正在下载{kind} {n}/{total} …</source>
            <translation>Downloading {kind} {n}/{total} …</translation>
        </message>
        <message>
            <source>{kind}尚未下载，联网后可查看</source>
            <translation>The {kind} has not been downloaded yet; it can be viewed once online</translation>
        </message>
        <message>
            <source>{kind}不在这台电脑上：本机尚未连接服务器，无法下载</source>
            <translation>The {kind} is not on this computer: this computer is not connected to a server, so it cannot be downloaded</translation>
        </message>
        <message>
            <source>{kind}尚未下载：请重新登录服务器后再查看</source>
            <translation>The {kind} has not been downloaded: sign in to the server again to view it</translation>
        </message>
        <message>
            <source>{kind}暂时无法下载：{reason}</source>
            <translation>The {kind} cannot be downloaded right now: {reason}</translation>
        </message>
    </context>
    <context>
        <name>Attachments</name>
        <message>
            <source>文件在读取时被修改，请重试</source>
            <translation>The file changed while it was being read; please try again</translation>
        </message>
        <message>
            <source>附件文件已损坏，或不是用本数据的密钥加密的，无法读取</source>
            <translation>The attachment file is damaged or was not encrypted with this store's key; it cannot be read</translation>
        </message>
        <message>
            <source>附件已加密：请先用密码解锁数据后再打开</source>
            <translation>The attachment is encrypted: unlock the data with your password first</translation>
        </message>
    </context>
    <context>
        <name>Backup</name>
        <message>
            <source>无法读取数据库，备份没有完成：{reason}</source>
            <translation>The database could not be read; the backup was not made: {reason}</translation>
        </message>
        <message>
            <source>无法写入备份文件：{reason}</source>
            <translation>The backup file could not be written: {reason}</translation>
        </message>
        <message>
            <source>这不是 FieldKit 备份文件，或文件已损坏：没有恢复任何内容</source>
            <translation>This is not a FieldKit backup, or the file is damaged: nothing was restored</translation>
        </message>
        <message>
            <source>磁盘已满，备份没有完成（之前的备份和数据都未受影响）</source>
            <translation>The disk is full; the backup was not made (earlier backups and your data are untouched)</translation>
        </message>
        <message>
            <source>数据正被其他程序使用，请稍后再备份</source>
            <translation>The data is in use by another program; please back up later</translation>
        </message>
        <message>
            <source>这个数据文件夹里还没有数据，无需备份</source>
            <translation>This data folder holds no data yet; there is nothing to back up</translation>
        </message>
        <message>
            <source>备份中的数据库已损坏：没有恢复任何内容</source>
            <translation>The database in the backup is damaged: nothing was restored</translation>
        </message>
        <message>
            <source>正在检查备份文件…</source>
            <translation>Checking the backup file…</translation>
        </message>
        <message>
            <source>用 {created} 的备份替换本机的全部数据？当前数据会先另存为一份备份。输入 y 确认：</source>
            <translation>Replace all data on this computer with the backup of {created}? The current data is saved as a backup first. Type y to confirm: </translation>
        </message>
        <message>
            <source>正在复制数据库…</source>
            <translation>Copying the database…</translation>
        </message>
        <message>
            <source>正在写入备份文件…</source>
            <translation>Writing the backup file…</translation>
        </message>
        <message>
            <source>备份中的数据库无法打开（密码不符或文件已损坏）：没有恢复任何内容</source>
            <translation>The database in the backup cannot be opened (wrong password or damaged file): nothing was restored</translation>
        </message>
        <message>
            <source>正在解开备份…</source>
            <translation>Unpacking the backup…</translation>
        </message>
        <message>
            <source>备份已写入 {path}（{size}）</source>
            <translation>Backup written to {path} ({size})</translation>
        </message>
        <message>
            <source>已恢复 {created} 的备份</source>
            <translation>Restored the backup of {created}</translation>
        </message>
        <message>
            <source>这个备份由更新版本的 FieldKit 制作，请先升级再恢复</source>
            <translation>This backup was made by a newer FieldKit; please upgrade before restoring it</translation>
        </message>
        <message>
            <source>正在备份当前数据…</source>
            <translation>Backing up the current data…</translation>
        </message>
        <message>
            <source>自动</source>
            <translation>automatic</translation>
        </message>
        <message>
            <source>手动</source>
            <translation>manual</translation>
        </message>
        <message>
            <source>找不到备份文件：{path}</source>
            <translation>Backup file not found: {path}</translation>
        </message>
        <message>
            <source>恢复前的数据另存在 {path}</source>
            <translation>The data before the restore was saved to {path}</translation>
        </message>
        <message>
            <source>还没有备份</source>
            <translation>No backups yet</translation>
        </message>
        <message>
            <source>请加 --yes 确认恢复</source>
            <translation>Add --yes to confirm the restore</translation>
        </message>
        <message>
            <source>已取消，数据未改动</source>
            <translation>Cancelled; nothing was changed</translation>
        </message>
        <message>
            <source>密码不正确：请输入制作这份备份时在本机登录用的密码。没有恢复任何内容，可以再试一次。</source>
            <translation>Wrong password: enter the password you signed in with on this computer when this backup was made. Nothing was restored; you can try again.</translation>
        </message>
        <message>
            <source>这份备份已加密，请输入密码</source>
            <translation>This backup is encrypted: please enter its password</translation>
        </message>
        <message>
            <source>备份中的密钥文件已损坏：没有恢复任何内容</source>
            <translation>The key file in the backup is damaged: nothing was restored</translation>
        </message>
    </context>
    <context>
        <name>BackupDialog</name>
        <message>
            <source>操作没有完成：{reason}</source>
            <translation>The operation did not complete: {reason}</translation>
        </message>
        <message>
            <source>备份与恢复</source>
            <translation>Backup and restore</translation>
        </message>
        <message>
            <source>FieldKit 每天自动备份一次本机数据（加密，保留最近 {keep} 份）。恢复会用所选备份替换本机的全部数据；替换前当前数据会先另存为一份备份。</source>
            <translation>FieldKit backs up the data on this computer once a day (encrypted; the latest {keep} are kept). Restoring replaces all data on this computer with the chosen backup; the current data is saved as a backup first.</translation>
        </message>
        <message>
            <source>立即备份</source>
            <translation>Back up now</translation>
        </message>
        <message>
            <source>导出整份数据…</source>
            <translation>Export all data…</translation>
        </message>
        <message>
            <source>交接电脑时用：一个文件，含数据库、附件和密钥文件，仍需原密码打开</source>
            <translation>For handing the laptop over: one file with the database, attachments and key file; it still opens only with the original password</translation>
        </message>
        <message>
            <source>恢复所选备份…</source>
            <translation>Restore selected backup…</translation>
        </message>
        <message>
            <source>从文件恢复…</source>
            <translation>Restore from file…</translation>
        </message>
        <message>
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>自动</source>
            <translation>automatic</translation>
        </message>
        <message>
            <source>手动</source>
            <translation>manual</translation>
        </message>
        <message>
            <source>还没有备份</source>
            <translation>No backups yet</translation>
        </message>
        <message>
            <source>共 {n} 份备份，保存在 {path}</source>
            <translation>{n} backups, kept in {path}</translation>
        </message>
        <message>
            <source>已备份：{name}</source>
            <translation>Backed up: {name}</translation>
        </message>
        <message>
            <source>正在备份…</source>
            <translation>Backing up…</translation>
        </message>
        <message>
            <source>导出整份数据</source>
            <translation>Export all data</translation>
        </message>
        <message>
            <source>FieldKit 备份 (*{suffix})</source>
            <translation>FieldKit backup (*{suffix})</translation>
        </message>
        <message>
            <source>已导出到 {path}；打开它需要原来的密码</source>
            <translation>Exported to {path}; it opens only with the original password</translation>
        </message>
        <message>
            <source>正在导出…</source>
            <translation>Exporting…</translation>
        </message>
        <message>
            <source>恢复备份</source>
            <translation>Restore backup</translation>
        </message>
        <message>
            <source>用 {created} 的备份替换本机的全部数据吗？</source>
            <translation>Replace all data on this computer with the backup of {created}?</translation>
        </message>
        <message>
            <source>当前数据会先另存为一份备份。恢复后 FieldKit 会重新打开数据，需要重新登录。</source>
            <translation>The current data is saved as a backup first. After the restore FieldKit reopens the data and you sign in again.</translation>
        </message>
        <message>
            <source>恢复</source>
            <translation>Restore</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>选择备份文件</source>
            <translation>Choose a backup file</translation>
        </message>
        <message>
            <source>已恢复 {label} 的备份</source>
            <translation>Restored the backup of {label}</translation>
        </message>
        <message>
            <source>正在恢复…</source>
            <translation>Restoring…</translation>
        </message>
    </context>
    <context>
        <name>CancelPlanDialog</name>
        <message>
            <source>取消走访计划</source>
            <translation>Cancel visit plan</translation>
        </message>
        <message>
            <source>确定取消此计划吗？
{title}</source>
            <translation>Cancel this plan?
{title}</translation>
        </message>
        <message>
            <source>取消原因</source>
            <translation>Reason</translation>
        </message>
        <message>
            <source>取消计划</source>
            <translation>Cancel plan</translation>
        </message>
        <message>
            <source>返回</source>
            <translation>Back</translation>
        </message>
    </context>
    <context>
        <name>ChangePasswordDialog</name>
        <message>
            <source>修改密码</source>
            <translation>Change password</translation>
        </message>
        <message>
            <source>修改账号 {login} 在本机的登录密码（离线登录、解锁和备份用）。</source>
            <translation>Change the local password of {login} on this computer (used for offline sign-in, unlocking and backups).</translation>
        </message>
        <message>
            <source>至少 {n} 位</source>
            <translation>at least {n} characters</translation>
        </message>
        <message>
            <source>原密码</source>
            <translation>Current password</translation>
        </message>
        <message>
            <source>新密码</source>
            <translation>New password</translation>
        </message>
        <message>
            <source>再次输入新密码</source>
            <translation>New password again</translation>
        </message>
        <message>
            <source>修改</source>
            <translation>Change</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>请输入原密码</source>
            <translation>Please enter your current password</translation>
        </message>
        <message>
            <source>正在修改…</source>
            <translation>Changing…</translation>
        </message>
        <message>
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>密码没有修改：{reason}</source>
            <translation>The password was not changed: {reason}</translation>
        </message>
    </context>
    <context>
        <name>Cli</name>
        <message>
            <source>这个安装不含同步服务器：请安装 fieldkit-server 软件包，用 fieldkit-server 命令启动。</source>
            <translation>This installation has no sync server: install the fieldkit-server package and start it with the fieldkit-server command.</translation>
        </message>
        <message>
            <source>服务记录</source>
            <translation>Service records</translation>
        </message>
        <message>
            <source>诉求</source>
            <translation>Demands</translation>
        </message>
        <message>
            <source>政策</source>
            <translation>Policies</translation>
        </message>
        <message>
            <source>打开桌面窗口（默认）</source>
            <translation>open the desktop window (the default)</translation>
        </message>
        <message>
            <source>创建逼真、可重现的演示数据</source>
            <translation>create a realistic, deterministic demo dataset</translation>
        </message>
        <message>
            <source>从 .csv 或 .xlsx 导入企业</source>
            <translation>import enterprises from .csv or .xlsx</translation>
        </message>
        <message>
            <source>查找企业（名称、信用代码、联系人、拼音）</source>
            <translation>search enterprises (name, credit code, contact, pinyin)</translation>
        </message>
        <message>
            <source>列出、新建或修改服务人员及其人员类型（主管或管理员）</source>
            <translation>list, add or edit staff members and their specialist type (supervisor or admin)</translation>
        </message>
        <message>
            <source>把表单或台账输出为 PDF 或 Excel</source>
            <translation>print a form or ledger to PDF or Excel</translation>
        </message>
        <message>
            <source>备份本机数据（加密，自动保留最近几份）；--to 导出整份数据用于交接</source>
            <translation>back up this computer's data (encrypted, the latest few kept); --to exports all data for a hand-over</translation>
        </message>
        <message>
            <source>用备份文件恢复本机数据（当前数据先另存为一份备份）</source>
            <translation>restore this computer's data from a backup file (the current data is saved as a backup first)</translation>
        </message>
        <message>
            <source>修改本机登录密码（重新包装数据密钥，不重新加密数据）</source>
            <translation>change the local sign-in password (re-wraps the data key; nothing is re-encrypted)</translation>
        </message>
        <message>
            <source>与功能区服务器同步（首次：--server URL --login 账号）</source>
            <translation>sync with the zone's server (first time: --server URL --login LOGIN)</translation>
        </message>
        <message>
            <source>启动功能区服务器（默认 127.0.0.1:8765）</source>
            <translation>Start the zone server (default 127.0.0.1:8765)</translation>
        </message>
        <message>
            <source>管理服务器：功能区、账号、包联、设备</source>
            <translation>Administer the server: zones, accounts, assignments, devices</translation>
        </message>
        <message>
            <source>演示数据已写入 {path}：{summary}</source>
            <translation>Demo data written to {path}: {summary}</translation>
        </message>
        <message>
            <source>已开通登录账号：{login}</source>
            <translation>Sign-in account opened: {login}</translation>
        </message>
        <message>
            <source>备份已加密，请输入制作备份时的登录密码：</source>
            <translation>The backup is encrypted. Password you signed in with when it was made: </translation>
        </message>
        <message>
            <source>参数“{value}”含有无法识别的字符（不是 UTF-8 文本），请重新输入</source>
            <translation>the argument “{value}” holds characters that are not UTF-8 text; please type it again</translation>
        </message>
        <message>
            <source>本机数据已加密，请输入密码：</source>
            <translation>The local data is encrypted. Password: </translation>
        </message>
        <message>
            <source>{n} 条以上</source>
            <translation>more than {n}</translation>
        </message>
        <message>
            <source>{n} 条</source>
            <translation>{n}</translation>
        </message>
        <message>
            <source>一次性初始密码（只显示这一次）：{password}；本人第一次连接服务器时须设置自己的新密码</source>
            <translation>One-time initial password (shown only this once): {password}; the person must set their own password when they first connect to the server</translation>
        </message>
        <message>
            <source>数据文件夹（默认：$FIELDKIT_DATA_DIR 或用户数据文件夹）</source>
            <translation>data folder (default: $FIELDKIT_DATA_DIR or the user data folder)</translation>
        </message>
        <message>
            <source>界面语言</source>
            <translation>interface language</translation>
        </message>
        <message>
            <source>以此账号登录（默认：上次登录的账号）；密码从提示输入或环境变量 FIELDKIT_PASSWORD</source>
            <translation>sign in as this account (default: the last one signed in); the password from a prompt or FIELDKIT_PASSWORD</translation>
        </message>
        <message>
            <source>FieldKit 企业服务助手</source>
            <translation>FieldKit enterprise service assistant</translation>
        </message>
        <message>
            <source>不带子命令时：数据文件夹为空则创建演示数据，并登录演示账号</source>
            <translation>with no subcommand: create a demo dataset if the data folder is empty and sign in to it</translation>
        </message>
        <message>
            <source>企业数量</source>
            <translation>number of enterprises</translation>
        </message>
        <message>
            <source>服务记录数量（默认：每家企业 20 条）</source>
            <translation>number of service records (default: 20 per enterprise)</translation>
        </message>
        <message>
            <source>随机种子（相同种子生成相同数据）</source>
            <translation>random seed (the same seed gives the same data)</translation>
        </message>
        <message>
            <source>不显示进度</source>
            <translation>do not show progress</translation>
        </message>
        <message>
            <source>写入有效的行（全部成功或全部不写）</source>
            <translation>write the valid rows (all or nothing)</translation>
        </message>
        <message>
            <source>与 --commit 同用：有错误行时仍导入其余各行，不再询问</source>
            <translation>with --commit: import the good rows even if some are bad, without asking</translation>
        </message>
        <message>
            <source>把导入的企业分配给此账号包联</source>
            <translation>assign the imported enterprises to this staff login</translation>
        </message>
        <message>
            <source>导入到此功能区（名称或代码；数据库中有多个功能区时必填）</source>
            <translation>import into this zone (name or code; required when the database has several zones)</translation>
        </message>
        <message>
            <source>改为全文查找服务记录、诉求和政策的内容（两个字以上）</source>
            <translation>search the text of service records, demands and policies instead (two or more characters)</translation>
        </message>
        <message>
            <source>最多显示的条数</source>
            <translation>maximum number of results</translation>
        </message>
        <message>
            <source>姓名</source>
            <translation>name</translation>
        </message>
        <message>
            <source>人员类型</source>
            <translation>specialist type</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>phone</translation>
        </message>
        <message>
            <source>所在部门</source>
            <translation>department</translation>
        </message>
        <message>
            <source>是否在岗</source>
            <translation>in post or not</translation>
        </message>
        <message>
            <source>写到这个文件（交接电脑时的整份导出）</source>
            <translation>write to this file (the whole-store export for a hand-over)</translation>
        </message>
        <message>
            <source>只列出已有的备份</source>
            <translation>only list the existing backups</translation>
        </message>
        <message>
            <source>保留最近几份备份</source>
            <translation>how many recent backups to keep</translation>
        </message>
        <message>
            <source>不再询问，直接恢复</source>
            <translation>restore without asking</translation>
        </message>
        <message>
            <source>没有找到与“{what}”相符的企业</source>
            <translation>No enterprise matches “{what}”</translation>
        </message>
        <message>
            <source>（单个字只查找最近的 {n} 条）</source>
            <translation>(a single character searches only the latest {n} rows)</translation>
        </message>
        <message>
            <source>请输入新密码（或设置环境变量 FIELDKIT_NEW_PASSWORD）</source>
            <translation>please enter the new password (or set FIELDKIT_NEW_PASSWORD)</translation>
        </message>
        <message>
            <source>新密码：</source>
            <translation>New password: </translation>
        </message>
        <message>
            <source>再次输入新密码：</source>
            <translation>New password again: </translation>
        </message>
        <message>
            <source>已取消，密码未改动</source>
            <translation>Cancelled; the password is unchanged</translation>
        </message>
        <message>
            <source>请输入密码（或设置环境变量 FIELDKIT_PASSWORD）</source>
            <translation>Enter the password (or set the environment variable FIELDKIT_PASSWORD)</translation>
        </message>
        <message>
            <source>未输入密码，未执行任何操作</source>
            <translation>No password entered; nothing was done</translation>
        </message>
        <message>
            <source>请用 --login 指定登录账号</source>
            <translation>Name the account to sign in with: --login</translation>
        </message>
        <message>
            <source>{login} 的密码：</source>
            <translation>Password for {login}: </translation>
        </message>
        <message>
            <source>此数据文件夹还没有可登录的账号：请先用 fieldkit sync --server 地址 --login 账号 连接服务器，或用 fieldkit demo 创建演示数据</source>
            <translation>This data folder has no account to sign in with yet: connect to the server first with fieldkit sync --server URL --login LOGIN, or create demo data with fieldkit demo</translation>
        </message>
        <message>
            <source>已保存：{login} {name}</source>
            <translation>Saved: {login} {name}</translation>
        </message>
        <message>
            <source>没有可以管理的服务人员</source>
            <translation>No staff members you can manage</translation>
        </message>
        <message>
            <source>未写入任何数据。</source>
            <translation>Nothing was written.</translation>
        </message>
        <message>
            <source>（已停用）</source>
            <translation> (disabled)</translation>
        </message>
        <message>
            <source>找不到登录名为“{login}”的人员</source>
            <translation>No staff member with the sign-in name “{login}”</translation>
        </message>
        <message>
            <source>同步后开通登录账号：fieldkit staff account {login}（或在窗口的人员管理中点“开通账号…”）</source>
            <translation>After syncing, open the sign-in account: fieldkit staff account {login} (or Open account… on the Staff tab in the window)</translation>
        </message>
        <message>
            <source>  包联 {n} 家</source>
            <translation>  {n} enterprises assigned</translation>
        </message>
        <message>
            <source>错误：{message}</source>
            <translation>Error: {message}</translation>
        </message>
    </context>
    <context>
        <name>Complaint</name>
        <message>
            <source>重大</source>
            <translation>major</translation>
        </message>
        <message>
            <source>重复</source>
            <translation>repeated</translation>
        </message>
        <message>
            <source>（{flags}）</source>
            <translation> ({flags})</translation>
        </message>
        <message>
            <source>、</source>
            <translation>, </translation>
        </message>
    </context>
    <context>
        <name>CompleteMilestoneDialog</name>
        <message>
            <source>完成节点</source>
            <translation>Complete milestone</translation>
        </message>
        <message>
            <source>完成日期</source>
            <translation>Completed on</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>ConflictCard</name>
        <message>
            <source>字段：{field}</source>
            <translation>Field: {field}</translation>
        </message>
        <message>
            <source>本机的值</source>
            <translation>On this computer</translation>
        </message>
        <message>
            <source>服务器上的值</source>
            <translation>On the server</translation>
        </message>
        <message>
            <source>保留我的</source>
            <translation>Keep mine</translation>
        </message>
        <message>
            <source>采用服务器的</source>
            <translation>Take the server's</translation>
        </message>
        <message>
            <source>保存合并值</source>
            <translation>Save merged value</translation>
        </message>
        <message>
            <source>编辑合并值…</source>
            <translation>Edit a merged value…</translation>
        </message>
        <message>
            <source>这一项只能在两方的值中选择一个</source>
            <translation>For this field, choose one of the two values</translation>
        </message>
    </context>
    <context>
        <name>ConflictsDialog</name>
        <message>
            <source>同步冲突</source>
            <extracomment>a decision was saved (the window refreshes its status and views)</extracomment>
            <translation>Sync conflicts</translation>
        </message>
        <message>
            <source>下列内容在本机和服务器上都被修改过。请逐项决定保留哪一方的值，或填写合并后的值；您的决定会在下次同步时上传。</source>
            <translation>The following were changed both on this computer and on the server. Decide for each which value to keep, or enter a merged value; your decision is sent with the next sync.</translation>
        </message>
        <message>
            <source>没有需要处理的冲突。</source>
            <translation>No conflicts to decide.</translation>
        </message>
        <message>
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>无法读取冲突：{error}</source>
            <translation>Cannot read the conflicts: {error}</translation>
        </message>
        <message>
            <source>保存失败：{error}</source>
            <translation>Could not save: {error}</translation>
        </message>
    </context>
    <context>
        <name>ConnectPanel</name>
        <message>
            <source>请输入产业功能区服务器的地址，以及管理员为您开通的账号和密码。</source>
            <extracomment>connected and the initial sync finished: the account's login the user gave up (back to the welcome page) the user stopped the initial sync and wants to quit (what was pulled stays) a message was shown (for tests and screenshots)</extracomment>
            <translation>Enter the address of your zone's server and the account and password your administrator gave you.</translation>
        </message>
        <message>
            <source>服务器地址</source>
            <translation>Server address</translation>
        </message>
        <message>
            <source>账号</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>密码</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>新密码</source>
            <translation>New password</translation>
        </message>
        <message>
            <source>再次输入新密码</source>
            <translation>Repeat new password</translation>
        </message>
        <message>
            <source>服务器验证账号后，会下载您负责的企业和记录；这个密码同时成为本机的离线登录密码，以后没有网络时也能登录。</source>
            <translation>Once the server has checked your account, your enterprises and records are downloaded. This password also becomes your offline password on this computer, so you can sign in without a network later.</translation>
        </message>
        <message>
            <source>高级 ▾</source>
            <translation>Advanced ▾</translation>
        </message>
        <message>
            <source>高级 ▸</source>
            <translation>Advanced ▸</translation>
        </message>
        <message>
            <source>CA 证书文件</source>
            <translation>CA certificate file</translation>
        </message>
        <message>
            <source>本区自建证书颁发机构时填写（PEM 文件路径），否则留空</source>
            <translation>Only if your zone runs its own certificate authority (path of a PEM file); otherwise leave empty</translation>
        </message>
        <message>
            <source>返回</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>取消同步</source>
            <translation>Cancel sync</translation>
        </message>
        <message>
            <source>退出</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>继续同步</source>
            <translation>Continue sync</translation>
        </message>
        <message>
            <source>连接</source>
            <translation>Connect</translation>
        </message>
        <message>
            <source>新密码至少需要 {n} 位</source>
            <translation>The new password needs at least {n} characters</translation>
        </message>
        <message>
            <source>两次输入的新密码不一致</source>
            <translation>The two new passwords do not match</translation>
        </message>
        <message>
            <source>新密码不能与初始密码相同</source>
            <translation>The new password must differ from the initial one</translation>
        </message>
        <message>
            <source>请填写服务器地址、账号和密码</source>
            <translation>Please enter the server address, account and password</translation>
        </message>
        <message>
            <source>服务器地址应以 http:// 或 https:// 开头，例如 https://fieldkit.example.cn</source>
            <translation>The server address must start with http:// or https://, e.g. https://fieldkit.example.cn</translation>
        </message>
        <message>
            <source>找不到 CA 证书文件：{path}</source>
            <translation>CA certificate file not found: {path}</translation>
        </message>
        <message>
            <source>正在连接服务器…</source>
            <translation>Connecting to the server…</translation>
        </message>
        <message>
            <source>这是开通账号时给的初始密码：请设置您自己的新密码（至少 {n} 位），再点“连接”</source>
            <translation>This is the initial password your account was opened with: set your own new password (at least {n} characters), then click Connect</translation>
        </message>
        <message>
            <source>正在准备下载…</source>
            <translation>Preparing the download…</translation>
        </message>
        <message>
            <source>正在取消…</source>
            <translation>Cancelling…</translation>
        </message>
    </context>
    <context>
        <name>CopiedStoreDialog</name>
        <message>
            <source>数据文件夹位置已变化</source>
            <translation>The data folder has moved</translation>
        </message>
        <message>
            <source>这份数据原来在另一个位置：
{path}（计算机：{host}）

它是复制过来的，还是整个搬过来的？</source>
            <translation>This data used to be elsewhere:
{path} (computer: {host})

Was it copied here, or moved as a whole?</translation>
        </message>
        <message>
            <source>如果原来的电脑还在使用这份数据，请选择“复制件”：本机将作为一台新设备同步，两台电脑不会用同一个设备编号上传。</source>
            <translation>If the original computer still uses this data, choose "Copy": this computer then syncs as a new device, so two computers never upload under one device id.</translation>
        </message>
        <message>
            <source>复制件（作为新设备）</source>
            <translation>Copy (a new device)</translation>
        </message>
        <message>
            <source>搬移（同一台电脑）</source>
            <translation>Moved (the same computer)</translation>
        </message>
    </context>
    <context>
        <name>CoverageTableModel</name>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>包联企业</source>
            <translation>Assigned</translation>
        </message>
        <message>
            <source>本季已走访</source>
            <translation>Visited this quarter</translation>
        </message>
        <message>
            <source>覆盖率</source>
            <translation>Coverage</translation>
        </message>
        <message>
            <source>未走访</source>
            <translation>Missing</translation>
        </message>
    </context>
    <context>
        <name>CrashDialog</name>
        <message>
            <source>FieldKit 出错了</source>
            <translation>FieldKit has run into a problem</translation>
        </message>
        <message>
            <source>FieldKit 遇到了意外的错误。</source>
            <translation>FieldKit ran into an unexpected error.</translation>
        </message>
        <message>
            <source>（日志文件无法创建）</source>
            <translation>(the log file could not be created)</translation>
        </message>
        <message>
            <source>已经保存的工作不会丢失。错误的详细情况已写入日志文件：
{log}

请把这个文件发给本单位的管理员。</source>
            <translation>Work already saved is not lost. The details of the error were written to the log file:
{log}

Please send this file to your administrator.</translation>
        </message>
        <message>
            <source>继续使用</source>
            <translation>Continue</translation>
        </message>
        <message>
            <source>退出程序</source>
            <translation>Quit</translation>
        </message>
    </context>
    <context>
        <name>Demand</name>
        <message>
            <source>系统自动催办：办理时限临近</source>
            <translation>Automatic reminder: the deadline is near</translation>
        </message>
        <message>
            <source>系统自动催办：已超过办理时限</source>
            <translation>Automatic reminder: the deadline has passed</translation>
        </message>
        <message>
            <source>已收集</source>
            <translation>collected</translation>
        </message>
        <message>
            <source>已交办</source>
            <translation>assigned</translation>
        </message>
        <message>
            <source>承办中</source>
            <translation>being handled</translation>
        </message>
        <message>
            <source>已催办</source>
            <translation>reminded</translation>
        </message>
        <message>
            <source>已反馈</source>
            <translation>feedback given</translation>
        </message>
        <message>
            <source>集中研判中</source>
            <translation>under collective review</translation>
        </message>
        <message>
            <source>已办结</source>
            <translation>closed</translation>
        </message>
        <message>
            <source>已归档</source>
            <translation>archived</translation>
        </message>
        <message>
            <source>交办</source>
            <translation>Assign</translation>
        </message>
        <message>
            <source>当场解决</source>
            <translation>Solve on the spot</translation>
        </message>
        <message>
            <source>承办</source>
            <translation>Take on</translation>
        </message>
        <message>
            <source>催办</source>
            <translation>Remind</translation>
        </message>
        <message>
            <source>反馈</source>
            <translation>Give feedback</translation>
        </message>
        <message>
            <source>再次交办</source>
            <translation>Assign again</translation>
        </message>
        <message>
            <source>集中研判</source>
            <translation>Send to collective review</translation>
        </message>
        <message>
            <source>办结销号</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>归档</source>
            <translation>Archive</translation>
        </message>
        <message>
            <source>责任部门：{v}</source>
            <translation>Department: {v}</translation>
        </message>
        <message>
            <source>责任人：{v}</source>
            <translation>Responsible: {v}</translation>
        </message>
        <message>
            <source>办理时限：{v}</source>
            <translation>Deadline: {v}</translation>
        </message>
        <message>
            <source>企业满意度：{v}</source>
            <translation>Satisfaction: {v}</translation>
        </message>
        <message>
            <source>；</source>
            <translation>; </translation>
        </message>
    </context>
    <context>
        <name>DemandActionDialog</name>
        <message>
            <source>{enterprise}：{description}</source>
            <translation>{enterprise}: {description}</translation>
        </message>
        <message>
            <source>责任部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>责任人</source>
            <translation>Responsible person</translation>
        </message>
        <message>
            <source>办理时限</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>企业满意度</source>
            <translation>Enterprise satisfaction</translation>
        </message>
        <message>
            <source>该诉求已超过办理时限（{deadline}），请说明逾期原因。</source>
            <translation>This demand is past its deadline ({deadline}); please explain the delay.</translation>
        </message>
        <message>
            <source>逾期说明</source>
            <translation>Overdue explanation</translation>
        </message>
        <message>
            <source>解决情况</source>
            <translation>How it was solved</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>DemandDetailWidget</name>
        <message>
            <source>选择一条诉求查看详情</source>
            <translation>Select a demand to see its details</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>责任部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>责任人</source>
            <translation>Responsible person</translation>
        </message>
        <message>
            <source>办理时限</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>企业满意度</source>
            <translation>Enterprise satisfaction</translation>
        </message>
        <message>
            <source>逾期说明</source>
            <translation>Overdue explanation</translation>
        </message>
        <message>
            <source>可执行的操作</source>
            <translation>Available actions</translation>
        </message>
        <message>
            <source>该诉求已归档，没有可执行的操作</source>
            <translation>This demand is archived; no actions are available</translation>
        </message>
        <message>
            <source>办理过程</source>
            <translation>History</translation>
        </message>
        <message>
            <source>{at} {step}：{what}</source>
            <translation>{at} {step}: {what}</translation>
        </message>
        <message>
            <source>；</source>
            <translation>; </translation>
        </message>
        <message>
            <source>已{action}</source>
            <translation>Done: {action}</translation>
        </message>
    </context>
    <context>
        <name>DemandEventTableModel</name>
        <message>
            <source>时间</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>从</source>
            <translation>From</translation>
        </message>
        <message>
            <source>到</source>
            <translation>To</translation>
        </message>
        <message>
            <source>经办人</source>
            <translation>By</translation>
        </message>
        <message>
            <source>决定</source>
            <translation>Decided</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>DemandTableModel</name>
        <message>
            <source>剩 {n} 天</source>
            <translation>{n} days left</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>内容</source>
            <translation>Description</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>责任部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>责任人</source>
            <translation>Responsible person</translation>
        </message>
        <message>
            <source>办理时限</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>剩余天数</source>
            <translation>Days left</translation>
        </message>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <source>已逾期 {n} 天</source>
            <translation>Overdue by {n} days</translation>
        </message>
        <message>
            <source>今天到期</source>
            <translation>Due today</translation>
        </message>
        <message>
            <source>逾期办结</source>
            <translation>Closed late</translation>
        </message>
    </context>
    <context>
        <name>DemandsView</name>
        <message>
            <source>诉求办理</source>
            <extracomment>the narrowest a board column gets (seven columns beside the detail fit a 1366-px screen) wider than this (a 1920-px monitor), the detail pane keeps this width and the board the rest</extracomment>
            <translation>Demands</translation>
        </message>
        <message>
            <source>新增诉求</source>
            <translation>New demand</translation>
        </message>
        <message>
            <source>登记投诉</source>
            <translation>New complaint</translation>
        </message>
        <message>
            <source>登记意见建议</source>
            <translation>New suggestion</translation>
        </message>
        <message>
            <source>打印诉求台账</source>
            <translation>Print demand ledger</translation>
        </message>
        <message>
            <source>搜索企业或内容</source>
            <translation>Search enterprise or text</translation>
        </message>
        <message>
            <source>全部类型</source>
            <translation>All types</translation>
        </message>
        <message>
            <source>只看逾期</source>
            <translation>Overdue only</translation>
        </message>
        <message>
            <source>尚未办结、已超过办理时限的诉求（与工作台的“逾期诉求”一致）</source>
            <translation>Demands still open past their deadline (the same as “Overdue demands” on Today)</translation>
        </message>
        <message>
            <source>只看逾期办结</source>
            <translation>Closed late only</translation>
        </message>
        <message>
            <source>已办结，但办结晚于办理时限的诉求</source>
            <translation>Demands closed after their deadline</translation>
        </message>
        <message>
            <source>显示已归档</source>
            <translation>Show archived</translation>
        </message>
        <message>
            <source>看板</source>
            <translation>Board</translation>
        </message>
        <message>
            <source>列表</source>
            <translation>List</translation>
        </message>
        <message>
            <source>{state}（{n}）</source>
            <translation>{state} ({n})</translation>
        </message>
        <message>
            <source>逾期{n}</source>
            <translation>{n} overdue</translation>
        </message>
        <message>
            <source>已登记</source>
            <translation>Registered</translation>
        </message>
        <message>
            <source>诉求台账</source>
            <translation>Demand ledger</translation>
        </message>
    </context>
    <context>
        <name>Demo</name>
        <message>
            <source>{enterprises} 家企业，{staff} 名人员，{records} 条服务记录，{demands} 条诉求，{proxies} 项帮办代办，{policies} 项政策；登录 {login} / {password}（{seconds} 秒）</source>
            <extracomment>the states the demo's applications take (补正 needs its list of corrections: not generated) RFC 4122 version 4 / variant bits, as uuid.UUID(int=..., version=4) sets them</extracomment>
            <translation>{enterprises} enterprises, {staff} staff, {records} service records, {demands} demands, {proxies} proxy services, {policies} policies; sign in as {login} / {password} ({seconds} s)</translation>
        </message>
        <message>
            <source>企业：{n} 家</source>
            <extracomment>(prefix in the enterprise name, administrative division code in the credit code, weight) GB/T 4754 section → words that end an enterprise name before the legal-form suffix the contact person's one title (by enterprise); the legal representative is the 董事长 who issues each demo policy (issue 12 §21: 首台（套） is not the tax bureau's), by title the document-number prefix of each issuer (a tax notice is 税总发, not 财税 of 工信部) (title, level, category, industries, scales, stages, tags) demand scenarios: the states a demand passes through, in order (its final state is the last one) scenario weights by the demand's age in days (upper bound of the bucket) the scenario used to create a demand of a given final state when one is missing what a safety reminder may name in each month (a November visit does not warn of the heat) template slots: a value drawn from the generator and the date the text is written on (staff index, start, end or None) in time order the submitted original records grouped by enterprise in the order of each one's first record, in generation order within it (what :meth:`_Generator.make_demands` raises demands from). CROSS JOIN keeps the records the outer loop and lets SQLite index the grouped subquery (AUTOMATIC COVERING INDEX): the generator drops the secondary indexes while it loads, and a plain JOIN scanned every record once per enterprise (10,000 x 100,000 row visits; tests/unit/test_demo.py) a dozen representatives' signatures (PNG bytes by sha256), signed on recent on-site visits how many submitted (not draft) original records were generated: the amendments' sample picks positions among them and reads the rows back from the store (nothing per record is kept in memory: make_demands and make_applications read what they need back too) where finished rows go (table name, rows); set by :func:`generate` — rows are kept in memory only until their chunk is written what was written, read back: a Core select (streamed) over the store's tables what ensure_coverage needs of the proxy services and applications already written: (staff id, status), termination reasons, (staff id, application state)</extracomment>
            <translation>Enterprises: {n}</translation>
        </message>
        <message>
            <source>服务记录：{n} 条</source>
            <translation>Service records: {n}</translation>
        </message>
        <message>
            <source>诉求：{n} 条</source>
            <translation>Demands: {n}</translation>
        </message>
        <message>
            <source>帮办代办：{n} 项</source>
            <translation>Proxy services: {n}</translation>
        </message>
        <message>
            <source>服务评价：{n} 条</source>
            <translation>Evaluations: {n}</translation>
        </message>
        <message>
            <source>企业数量至少为1</source>
            <extracomment>insert order (foreign keys are on) what a chunk of service records brings along (written with them, in this order) the rows that count towards the demo login's choice (the field worker with the most work) on-site visits of the last this-many days carry the representative's signature</extracomment>
            <translation>At least one enterprise is needed</translation>
        </message>
        <message>
            <source>数据库中已有数据，演示数据只能写入空的数据目录</source>
            <translation>The database already holds data; demo data can only be written into an empty data folder</translation>
        </message>
        <message>
            <source>正在写入数据库…</source>
            <translation>Writing the store…</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseCombo</name>
        <message>
            <source>请选择企业：输入名称或拼音首字母查找…</source>
            <translation>Choose an enterprise: type its name or pinyin initials…</translation>
        </message>
    </context>
    <context>
        <name>EnterprisePage</name>
        <message>
            <source>企业档案</source>
            <extracomment>every tab is filled: (enterprise id, ms from load() to filled)</extracomment>
            <translation>Enterprises</translation>
        </message>
        <message>
            <source>← 返回</source>
            <translation>← Back</translation>
        </message>
        <message>
            <source>返回上一页（Alt+←）</source>
            <translation>Back to the previous page (Alt+←)</translation>
        </message>
        <message>
            <source>新建走访记录</source>
            <translation>New visit record</translation>
        </message>
        <message>
            <source>为这家企业新建走访记录（Ctrl+N）</source>
            <translation>New visit record for this enterprise (Ctrl+N)</translation>
        </message>
        <message>
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>打印…</source>
            <translation>Print…</translation>
        </message>
        <message>
            <source>打印这家企业的一企一档、政策定制报告或服务满意度调查表</source>
            <translation>Print this enterprise's profile sheet, policy report or satisfaction survey</translation>
        </message>
        <message>
            <source>记录已向企业宣讲所选政策</source>
            <translation>Record that the selected policy was explained</translation>
        </message>
        <message>
            <source>匹配的政策及推荐依据</source>
            <translation>Matching policies and why they are recommended</translation>
        </message>
        <message>
            <source>已推送的政策</source>
            <translation>Policies explained (pushed)</translation>
        </message>
        <message>
            <source>政策申报</source>
            <translation>Policy applications</translation>
        </message>
        <message>
            <source>身份</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>电话</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>走访时间</source>
            <translation>Visit time</translation>
        </message>
        <message>
            <source>方式</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>阶段</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>服务内容</source>
            <translation>Service content</translation>
        </message>
        <message>
            <source>发现问题</source>
            <translation>Problems found</translation>
        </message>
        <message>
            <source>收集日期</source>
            <translation>Collected</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>诉求内容</source>
            <translation>Demand</translation>
        </message>
        <message>
            <source>责任部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>办理时限</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>剩余天数</source>
            <translation>Days left</translation>
        </message>
        <message>
            <source>满意度</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>代办事项</source>
            <translation>Item</translation>
        </message>
        <message>
            <source>受理日期</source>
            <translation>Accepted</translation>
        </message>
        <message>
            <source>办结时限</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>节点进度</source>
            <translation>Milestones</translation>
        </message>
        <message>
            <source>政策</source>
            <translation>Policy</translation>
        </message>
        <message>
            <source>级别</source>
            <translation>Level</translation>
        </message>
        <message>
            <source>匹配度</source>
            <translation>Score</translation>
        </message>
        <message>
            <source>申报截止</source>
            <translation>Closes</translation>
        </message>
        <message>
            <source>推荐依据</source>
            <translation>Reasons</translation>
        </message>
        <message>
            <source>推送时间</source>
            <translation>Pushed at</translation>
        </message>
        <message>
            <source>申报状态</source>
            <translation>Application state</translation>
        </message>
        <message>
            <source>申报日期</source>
            <translation>Applied</translation>
        </message>
        <message>
            <source>兑现金额（万元）</source>
            <translation>Amount paid (10k CNY)</translation>
        </message>
        <message>
            <source>补正</source>
            <translation>Corrections</translation>
        </message>
        <message>
            <source>评价日期</source>
            <translation>Evaluated</translation>
        </message>
        <message>
            <source>评价意见</source>
            <translation>Comment</translation>
        </message>
        <message>
            <source>时间</source>
            <translation>Time</translation>
        </message>
        <message>
            <source>操作人</source>
            <translation>By</translation>
        </message>
        <message>
            <source>设备</source>
            <translation>Device</translation>
        </message>
        <message>
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>对象</source>
            <translation>Object</translation>
        </message>
        <message>
            <source>变更内容</source>
            <translation>Changes</translation>
        </message>
        <message>
            <source>正在加载…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>加载失败：{error}</source>
            <translation>Could not load: {error}</translation>
        </message>
        <message>
            <source>概况与画像</source>
            <translation>Profile and tags</translation>
        </message>
        <message>
            <source>联系人</source>
            <translation>Contacts</translation>
        </message>
        <message>
            <source>走访记录</source>
            <translation>Visits</translation>
        </message>
        <message>
            <source>诉求</source>
            <translation>Demands</translation>
        </message>
        <message>
            <source>帮办代办</source>
            <translation>Proxy services</translation>
        </message>
        <message>
            <source>评价</source>
            <translation>Evaluations</translation>
        </message>
        <message>
            <source>历史</source>
            <translation>History</translation>
        </message>
        <message>
            <source>无</source>
            <translation>none</translation>
        </message>
        <message>
            <source>统一社会信用代码 {code} · 包联：{staff}</source>
            <translation>Credit code {code} · Assigned to: {staff}</translation>
        </message>
        <message>
            <source>{channel}对接</source>
            <translation>{channel} contact</translation>
        </message>
        <message>
            <source>尚未约定对接方式</source>
            <translation>No contact channel agreed</translation>
        </message>
        <message>
            <source>本季度未走访</source>
            <translation>Not visited this quarter</translation>
        </message>
        <message>
            <source>法定代表人</source>
            <translation>Legal representative</translation>
        </message>
        <message>
            <source>企业联系人</source>
            <translation>Enterprise contact</translation>
        </message>
        <message>
            <source>走访中接洽</source>
            <translation>Met during visits</translation>
        </message>
        <message>
            <source>包联服务人员</source>
            <translation>Assigned staff</translation>
        </message>
        <message>
            <source>接洽 {n} 次，最近 {date}</source>
            <translation>met {n} times, last on {date}</translation>
        </message>
        <message>
            <source>自 {date} 起包联</source>
            <translation>assigned since {date}</translation>
        </message>
        <message>
            <source>（更正）</source>
            <translation> (amendment)</translation>
        </message>
        <message>
            <source>逾期{n}天</source>
            <translation>{n} days overdue</translation>
        </message>
        <message>
            <source>剩{n}天</source>
            <translation>{n} days left</translation>
        </message>
        <message>
            <source>新建</source>
            <translation>Created</translation>
        </message>
        <message>
            <source>修改</source>
            <translation>Changed</translation>
        </message>
        <message>
            <source>删除</source>
            <translation>Deleted</translation>
        </message>
        <message>
            <source>走访计划</source>
            <translation>Visit plan</translation>
        </message>
        <message>
            <source>政策推送</source>
            <translation>Policy push</translation>
        </message>
        <message>
            <source>服务评价</source>
            <translation>Evaluation</translation>
        </message>
        <message>
            <source>包联关系</source>
            <translation>Assignment</translation>
        </message>
        <message>
            <source>创建</source>
            <translation>created</translation>
        </message>
        <message>
            <source>删除（保留墓碑记录）</source>
            <translation>deleted (tombstone kept)</translation>
        </message>
        <message>
            <source>系统</source>
            <translation>System</translation>
        </message>
        <message>
            <source>还没有联系人</source>
            <translation>No contacts yet</translation>
        </message>
        <message>
            <source>还没有走访记录：点击右上角“新建走访记录”开始记录</source>
            <translation>No visits yet: click “New visit record” at the top right to record one</translation>
        </message>
        <message>
            <source>这家企业没有诉求</source>
            <translation>This enterprise has no demands</translation>
        </message>
        <message>
            <source>这家企业没有帮办代办事项</source>
            <translation>This enterprise has no proxy services</translation>
        </message>
        <message>
            <source>没有符合条件的政策</source>
            <translation>No policy fits</translation>
        </message>
        <message>
            <source>还没有向这家企业推送过政策</source>
            <translation>No policy has been explained to this enterprise yet</translation>
        </message>
        <message>
            <source>没有政策申报</source>
            <translation>No policy applications</translation>
        </message>
        <message>
            <source>还没有服务评价</source>
            <translation>No evaluations yet</translation>
        </message>
        <message>
            <source>本机还没有这家企业的修改记录。从服务器或演示数据得到的内容不带本机历史；在本机所做的每项修改都会记录在这里：谁、何时、哪台设备、改了什么。</source>
            <translation>No changes to this enterprise were made on this computer yet. Data received from the server or the demo carries no local history; every change made here is recorded: who, when, on which device, and what changed.</translation>
        </message>
        <message>
            <source>企业档案（一企一档）</source>
            <translation>Enterprise profile sheet</translation>
        </message>
        <message>
            <source>政策定制报告</source>
            <translation>Tailored policy report</translation>
        </message>
        <message>
            <source>服务满意度调查表</source>
            <translation>Service satisfaction survey</translation>
        </message>
        <message>
            <source>已保存 {n} 项修改</source>
            <translation>Saved {n} changes</translation>
        </message>
        <message>
            <source>请先在上表中选择一项政策</source>
            <translation>Select a policy in the table above first</translation>
        </message>
        <message>
            <source>已记录政策推送</source>
            <translation>Policy push recorded</translation>
        </message>
        <message>
            <source>是</source>
            <extracomment>(table, field) → the label kind its codes are shown with (services.labels)</extracomment>
            <translation>yes</translation>
        </message>
        <message>
            <source>否</source>
            <translation>no</translation>
        </message>
        <message>
            <source>企业名称</source>
            <translation>Enterprise name</translation>
        </message>
        <message>
            <source>统一社会信用代码</source>
            <translation>Unified social credit code</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>Contact phone</translation>
        </message>
        <message>
            <source>地址</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>所属行业</source>
            <translation>Industry</translation>
        </message>
        <message>
            <source>企业规模</source>
            <translation>Scale</translation>
        </message>
        <message>
            <source>生命周期阶段</source>
            <translation>Lifecycle stage</translation>
        </message>
        <message>
            <source>经营状态</source>
            <translation>Business status</translation>
        </message>
        <message>
            <source>画像标签</source>
            <translation>Profile tags</translation>
        </message>
        <message>
            <source>备注</source>
            <translation>Notes</translation>
        </message>
    </context>
    <context>
        <name>EnterprisePushDialog</name>
        <message>
            <source>登记政策申报</source>
            <translation>Register policy application</translation>
        </message>
        <message>
            <source>政策宣讲推送</source>
            <translation>Policy push</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>申报日期</source>
            <translation>Applied on</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>登记申报</source>
            <translation>Register application</translation>
        </message>
        <message>
            <source>记录推送</source>
            <translation>Record push</translation>
        </message>
    </context>
    <context>
        <name>EnterpriseTableModel</name>
        <message>
            <source>企业名称</source>
            <extracomment>column keys, in order; the headers are in _headers() (literal tr calls for lupdate)</extracomment>
            <translation>Enterprise name</translation>
        </message>
        <message>
            <source>统一社会信用代码</source>
            <translation>Unified social credit code</translation>
        </message>
        <message>
            <source>生命周期阶段</source>
            <translation>Lifecycle stage</translation>
        </message>
        <message>
            <source>经营状态</source>
            <translation>Business status</translation>
        </message>
        <message>
            <source>所属行业</source>
            <translation>Industry</translation>
        </message>
        <message>
            <source>规模</source>
            <translation>Scale</translation>
        </message>
        <message>
            <source>联系人</source>
            <translation>Contact person</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>Contact phone</translation>
        </message>
        <message>
            <source>最近走访</source>
            <translation>Last on-site visit</translation>
        </message>
        <message>
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <source>画像标签</source>
            <translation>Profile tags</translation>
        </message>
        <message>
            <source>从未</source>
            <translation>Never</translation>
        </message>
    </context>
    <context>
        <name>EnterprisesView</name>
        <message>
            <source>企业档案</source>
            <extracomment>pause after the last keystroke before searching (ms); IME commits arrive as one change anyway emitted after the model shows a new result: (row count, ms from the text/filter change) the list was exported to this .xlsx file what the last export did (or why it failed); the list's own count stays beside the search says what to do when the list is empty (instead of a blank table)</extracomment>
            <translation>Enterprises</translation>
        </message>
        <message>
            <source>企业档案（一企一档）</source>
            <translation>Enterprises (one file per enterprise)</translation>
        </message>
        <message>
            <source>搜索：企业名称、拼音首字母（如 zjsz）、信用代码、联系人或电话</source>
            <translation>Search: enterprise name, pinyin initials (e.g. zjsz), credit code, contact or phone</translation>
        </message>
        <message>
            <source>输入即搜索；回车打开第一家企业（Ctrl+F）</source>
            <translation>Results appear as you type; Enter opens the first enterprise (Ctrl+F)</translation>
        </message>
        <message>
            <source>阶段</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>行业</source>
            <translation>Industry</translation>
        </message>
        <message>
            <source>规模</source>
            <translation>Scale</translation>
        </message>
        <message>
            <source>标签</source>
            <translation>Tag</translation>
        </message>
        <message>
            <source>本季度未走访</source>
            <translation>Not visited this quarter</translation>
        </message>
        <message>
            <source>清除筛选</source>
            <translation>Clear filters</translation>
        </message>
        <message>
            <source>导出Excel…</source>
            <translation>Export to Excel…</translation>
        </message>
        <message>
            <source>把列表中当前显示的企业（按搜索和筛选条件）导出为 Excel</source>
            <translation>Export the enterprises the list shows (with the search and filters applied) to Excel</translation>
        </message>
        <message>
            <source>全部</source>
            <translation>All</translation>
        </message>
        <message>
            <source>查询失败：{error}</source>
            <translation>Search failed: {error}</translation>
        </message>
        <message>
            <source>共 {n} 家企业</source>
            <translation>{n} enterprises</translation>
        </message>
        <message>
            <source>没有符合条件的企业。换一个关键词，或点“清除筛选”查看全部企业。</source>
            <translation>No enterprise matches. Try another search, or click “Clear filters” to see them all.</translation>
        </message>
        <message>
            <source>功能区还没有企业档案。可以用“fieldkit import”从 Excel 导入企业名录。</source>
            <translation>The zone has no enterprises yet. Import a list from Excel with “fieldkit import”.</translation>
        </message>
        <message>
            <source>您还没有包联企业，请联系主管为您分配。</source>
            <translation>No enterprises are assigned to you yet; ask your supervisor to assign some.</translation>
        </message>
        <message>
            <source>企业名录</source>
            <translation>Enterprise list</translation>
        </message>
        <message>
            <source>导出Excel</source>
            <translation>Export to Excel</translation>
        </message>
        <message>
            <source>Excel 工作簿 (*.xlsx)</source>
            <translation>Excel workbook (*.xlsx)</translation>
        </message>
        <message>
            <source>正在导出 {n} 家企业…</source>
            <translation>Exporting {n} enterprises…</translation>
        </message>
        <message>
            <source>已导出 {n} 家企业：{path}</source>
            <translation>Exported {n} enterprises: {path}</translation>
        </message>
        <message>
            <source>导出失败：{error}</source>
            <translation>Export failed: {error}</translation>
        </message>
    </context>
    <context>
        <name>Errors</name>
        <message>
            <source>找不到记录（{table}：{id}）</source>
            <extracomment>bookkeeping columns that are not user data and never travel in a mutation's changes edits this close together (an autosave burst) fold into one audit row; the outbox entry merges whatever the gap, as long as it has not been handed to a push the audit's name for rows written as the server sent them</extracomment>
            <translation>Record not found ({table}: {id})</translation>
        </message>
    </context>
    <context>
        <name>Evaluation</name>
        <message>
            <source>{level}（{day}）</source>
            <translation>{level} ({day})</translation>
        </message>
    </context>
    <context>
        <name>EvaluationDialog</name>
        <message>
            <source>记录服务评价</source>
            <translation>Record service evaluation</translation>
        </message>
        <message>
            <source>评价已办结的帮办代办服务：{item}</source>
            <extracomment>the completed proxy service whose invitation this answers (the evaluation links to it)</extracomment>
            <translation>Evaluating the completed proxy service: {item}</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>服务阶段</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>总体满意度</source>
            <translation>Overall satisfaction</translation>
        </message>
        <message>
            <source> 分</source>
            <translation> pts</translation>
        </message>
        <message>
            <source>每项 1–5 分，5 分最好</source>
            <translation>Each 1–5; 5 is best</translation>
        </message>
        <message>
            <source>分项评分</source>
            <translation>Dimension scores</translation>
        </message>
        <message>
            <source>评价日期</source>
            <translation>Evaluated on</translation>
        </message>
        <message>
            <source>企业的意见和建议</source>
            <translation>The enterprise's comments and suggestions</translation>
        </message>
        <message>
            <source>意见</source>
            <translation>Comment</translation>
        </message>
        <message>
            <source>保存评价</source>
            <translation>Save evaluation</translation>
        </message>
    </context>
    <context>
        <name>EvaluationTableModel</name>
        <message>
            <source>评价日期</source>
            <translation>Evaluated on</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>阶段</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>满意度</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>分项评分</source>
            <translation>Dimension scores</translation>
        </message>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>意见</source>
            <translation>Comment</translation>
        </message>
    </context>
    <context>
        <name>EvaluationsView</name>
        <message>
            <source>记录评价</source>
            <translation>Record evaluation</translation>
        </message>
        <message>
            <source>待邀请评价（阶段服务已办结，尚未评价）</source>
            <translation>Evaluations to invite (stage service completed, not yet evaluated)</translation>
        </message>
        <message>
            <source>为选中企业记录评价</source>
            <translation>Record an evaluation for the selected enterprise</translation>
        </message>
        <message>
            <source>评价记录（每家企业每个阶段评价一次）</source>
            <translation>Evaluations (one per enterprise per stage)</translation>
        </message>
        <message>
            <source>服务评价</source>
            <translation>Evaluations</translation>
        </message>
        <message>
            <source>共 {n} 条评价；本季度平均满意度 {avg}（5 = 非常满意）</source>
            <translation>{n} evaluations; average satisfaction this quarter {avg} (5 = very satisfied)</translation>
        </message>
        <message>
            <source>评价已保存</source>
            <translation>Evaluation saved</translation>
        </message>
    </context>
    <context>
        <name>FollowUp</name>
        <message>
            <source>回访：{day} 定点服务{about}</source>
            <translation>Follow-up: on-demand service of {day}{about}</translation>
        </message>
        <message>
            <source>：{what}</source>
            <translation>: {what}</translation>
        </message>
    </context>
    <context>
        <name>FormDialog</name>
        <message>
            <source>确定</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>Forms</name>
        <message>
            <source>企业走访记录表</source>
            <translation>Enterprise visit record</translation>
        </message>
        <message>
            <source>走访计划表</source>
            <translation>Visit plan</translation>
        </message>
        <message>
            <source>工作台账</source>
            <translation>Work ledger</translation>
        </message>
        <message>
            <source>诉求台账</source>
            <translation>Demand ledger</translation>
        </message>
        <message>
            <source>帮办代办台账</source>
            <translation>Proxy service ledger</translation>
        </message>
        <message>
            <source>帮办代办服务方案</source>
            <translation>Proxy service plan</translation>
        </message>
        <message>
            <source>政策定制报告</source>
            <translation>Tailored policy report</translation>
        </message>
        <message>
            <source>企业档案（一企一档）</source>
            <translation>Enterprise profile sheet</translation>
        </message>
        <message>
            <source>服务满意度调查表</source>
            <translation>Service satisfaction survey</translation>
        </message>
        <message>
            <source>考核汇总表</source>
            <translation>Performance summary</translation>
        </message>
    </context>
    <context>
        <name>GlobalSearchDialog</name>
        <message>
            <source>全局搜索</source>
            <extracomment>(kind, row id, enterprise id or "") of the hit the user opened a search finished and its results are shown (tests wait on it)</extracomment>
            <translation>Search everything</translation>
        </message>
        <message>
            <source>搜索企业、服务记录、诉求和政策（两个字以上查全文）</source>
            <translation>Search enterprises, service records, demands and policies (two or more characters search the full text)</translation>
        </message>
        <message>
            <source>↑↓ 选择，回车打开，Esc 关闭</source>
            <translation>↑↓ to select, Enter to open, Esc to close</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprises</translation>
        </message>
        <message>
            <source>服务记录</source>
            <translation>Service records</translation>
        </message>
        <message>
            <source>诉求</source>
            <translation>Demands</translation>
        </message>
        <message>
            <source>政策</source>
            <translation>Policies</translation>
        </message>
        <message>
            <source>{n} 条以上</source>
            <translation>more than {n}</translation>
        </message>
        <message>
            <source>{n} 条</source>
            <translation>{n}</translation>
        </message>
        <message>
            <source>单个字只查找最近的记录；输入两个字以上可查全部</source>
            <translation>A single character searches only the latest rows; type two or more characters to search everything</translation>
        </message>
    </context>
    <context>
        <name>Import</name>
        <message>
            <source>找不到表头：文件前 {n} 行中没有同时包含“企业名称”“统一社会信用代码”等列名的一行</source>
            <translation>No header found: none of the first {n} lines holds column names such as “企业名称” (enterprise name) and “统一社会信用代码” (credit code)</translation>
        </message>
        <message>
            <source>找不到表头：文件前 {n} 行中没有同时包含“政策名称”“文号”等列名的一行</source>
            <translation>No header row: none of the first {n} lines names columns such as “政策名称” (policy title) and “文号” (document number)</translation>
        </message>
        <message>
            <source>企业规模“{value}”无效，应为 大型、中型、小型 或 微型</source>
            <translation>Scale “{value}” is invalid; it must be 大型, 中型, 小型 or 微型 (large, medium, small, micro)</translation>
        </message>
        <message>
            <source>生命周期阶段“{value}”无效，应为 企业开办、项目建设、生产经营、转型升级、变更 或 企业注销</source>
            <translation>Lifecycle stage “{value}” is invalid; it must be 企业开办, 项目建设, 生产经营, 转型升级, 变更 or 企业注销</translation>
        </message>
        <message>
            <source>企业状态“{value}”无效，应为 存续、休眠 或 注销</source>
            <translation>Status “{value}” is invalid; it must be 存续, 休眠 or 注销 (operating, hibernating, deregistered)</translation>
        </message>
        <message>
            <source>所属行业“{value}”无效，应为国民经济行业分类门类字母 A–T 或门类名称（如“制造业”）</source>
            <translation>Industry “{value}” is invalid; it must be a GB/T 4754 section letter A–T or section name (e.g. “制造业”)</translation>
        </message>
        <message>
            <source>文件：{name}（{encoding}，表头在第 {line} 行）</source>
            <translation>File: {name} ({encoding}, header on line {line})</translation>
        </message>
        <message>
            <source>共 {total} 行数据：可导入 {ok} 行，有问题 {bad} 行；跳过空行 {blank} 行。</source>
            <translation>{total} data rows: {ok} can be imported, {bad} have problems; {blank} blank rows skipped.</translation>
        </message>
        <message>
            <source>找不到文件：{path}</source>
            <translation>File not found: {path}</translation>
        </message>
        <message>
            <source>未识别的列（已忽略）：{columns}</source>
            <translation>Unrecognised columns (ignored): {columns}</translation>
        </message>
        <message>
            <source>第 {line} 行：{reason}</source>
            <translation>Line {line}: {reason}</translation>
        </message>
        <message>
            <source>有 {bad} 行有问题，将被跳过。是否导入其余 {ok} 行？[y/N] </source>
            <translation>{bad} rows have problems and will be skipped. Import the other {ok} rows? [y/N] </translation>
        </message>
        <message>
            <source>适用行业“{value}”无效，应为国民经济行业分类门类字母 A–T 或门类名称（如“制造业”）</source>
            <translation>Invalid industry “{value}”: use a GB/T 4754 section letter A–T or its name (e.g. “制造业”)</translation>
        </message>
        <message>
            <source>适用规模“{value}”无效，应为 大型、中型、小型 或 微型</source>
            <translation>Invalid scale “{value}”: use 大型, 中型, 小型 or 微型 (large, medium, small, micro)</translation>
        </message>
        <message>
            <source>适用阶段“{value}”无效，应为 企业开办、项目建设、生产经营、转型升级、变更 或 企业注销</source>
            <translation>Invalid stage “{value}”: use 企业开办, 项目建设, 生产经营, 转型升级, 变更 or 企业注销</translation>
        </message>
        <message>
            <source>申报截止日期 {end} 早于开始日期 {start}</source>
            <translation>The application deadline {end} is before the start {start}</translation>
        </message>
        <message>
            <source>政策级别“{value}”无效，应为 {choices}</source>
            <translation>Invalid policy level “{value}”: use {choices}</translation>
        </message>
        <message>
            <source>政策类别“{value}”无效，应为 {choices}</source>
            <translation>Invalid policy category “{value}”: use {choices}</translation>
        </message>
        <message>
            <source>政策“{title}”（文号 {doc_no}）与第 {line} 行重复</source>
            <translation>Policy “{title}” (document {doc_no}) repeats line {line}</translation>
        </message>
        <message>
            <source>政策“{title}”（文号 {doc_no}）已在系统中</source>
            <translation>Policy “{title}” (document {doc_no}) is already in the system</translation>
        </message>
        <message>
            <source>请用 --zone 指定导入到哪个功能区，未写入任何数据</source>
            <translation>Use --zone to say which zone the enterprises go to; nothing was written</translation>
        </message>
        <message>
            <source>已导入 {n} 家企业到“{zone}”。</source>
            <translation>Imported {n} enterprises into “{zone}”.</translation>
        </message>
        <message>
            <source>已导入 {n} 条政策。</source>
            <translation>Imported {n} policies.</translation>
        </message>
        <message>
            <source>找不到名为“{zone}”的功能区，未写入任何数据</source>
            <translation>No zone named “{zone}”; nothing was written</translation>
        </message>
        <message>
            <source>不支持导入“{kind}”</source>
            <translation>Importing “{kind}” is not supported</translation>
        </message>
        <message>
            <source>以上为预览，未写入任何数据。确认无误后加上 --commit 重新运行即可导入。</source>
            <translation>This was a preview; nothing was written. When it looks right, run again with --commit to import.</translation>
        </message>
        <message>
            <source>没有可导入的行，未写入任何数据。</source>
            <translation>No rows can be imported; nothing was written.</translation>
        </message>
        <message>
            <source>已取消，未写入任何数据。</source>
            <translation>Cancelled; nothing was written.</translation>
        </message>
        <message>
            <source>已导入 {n} 家企业，并包联给 {login}。</source>
            <translation>Imported {n} enterprises and assigned them to {login}.</translation>
        </message>
        <message>
            <source>已导入 {n} 家企业。</source>
            <translation>Imported {n} enterprises.</translation>
        </message>
        <message>
            <source>无法识别文件编码，请在 Excel 中另存为“CSV UTF-8”或 .xlsx 格式</source>
            <translation>Cannot recognise the file's encoding; in Excel, save it as “CSV UTF-8” or .xlsx</translation>
        </message>
        <message>
            <source>无法打开 Excel 文件：{detail}</source>
            <translation>Cannot open the Excel file: {detail}</translation>
        </message>
        <message>
            <source>CSV 文件格式错误：{detail}</source>
            <translation>The CSV file is malformed: {detail}</translation>
        </message>
        <message>
            <source>导入已回滚，未写入任何数据。</source>
            <translation>The import was rolled back; nothing was written.</translation>
        </message>
        <message>
            <source>不支持旧版 .xls 格式，请在 Excel 中另存为 .xlsx 或 CSV 后再导入</source>
            <translation>The old .xls format is not supported; save it as .xlsx or CSV in Excel, then import</translation>
        </message>
        <message>
            <source>不支持的文件类型“{suffix}”，请使用 .csv 或 .xlsx</source>
            <translation>Unsupported file type “{suffix}”; use .csv or .xlsx</translation>
        </message>
        <message>
            <source>第 {line} 行的表头缺少“{column}”列</source>
            <translation>The header on line {line} lacks the “{column}” column</translation>
        </message>
        <message>
            <source>“{value}”被 Excel 转成了科学计数法，请把该列设为文本格式后重新填写</source>
            <translation>“{value}” was turned into scientific notation by Excel; format the column as text and enter it again</translation>
        </message>
        <message>
            <source>找不到登录名为“{login}”的人员，未写入任何数据</source>
            <translation>No staff member with login “{login}”; nothing was written</translation>
        </message>
        <message>
            <source>未写入任何数据。</source>
            <translation>Nothing was written.</translation>
        </message>
        <message>
            <source>无法读取文件：{detail}</source>
            <translation>Cannot read the file: {detail}</translation>
        </message>
        <message>
            <source>统一社会信用代码 {code} 与第 {line} 行重复</source>
            <translation>Unified social credit code {code} duplicates line {line}</translation>
        </message>
        <message>
            <source>第 {line} 行写入失败：{reason}</source>
            <translation>Line {line} could not be written: {reason}</translation>
        </message>
        <message>
            <source>统一社会信用代码 {code} 已在系统中（{name}）</source>
            <translation>Unified social credit code {code} is already in the system ({name})</translation>
        </message>
    </context>
    <context>
        <name>InvitationTableModel</name>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>已完成阶段</source>
            <translation>Completed stage</translation>
        </message>
        <message>
            <source>帮办代办事项</source>
            <translation>Proxy service</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <source>服务人员</source>
            <translation>Field staff</translation>
        </message>
        <message>
            <source>主管</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <source>管理员</source>
            <translation>Administrator</translation>
        </message>
        <message>
            <source>产业助理</source>
            <translation>Industrial assistant</translation>
        </message>
        <message>
            <source>助企干部</source>
            <translation>Enterprise-support official</translation>
        </message>
        <message>
            <source>服务管家</source>
            <translation>Service steward</translation>
        </message>
        <message>
            <source>法律服务专员</source>
            <translation>Legal service specialist</translation>
        </message>
        <message>
            <source>警务服务专员</source>
            <translation>Police service specialist</translation>
        </message>
        <message>
            <source>首席金融服务专员</source>
            <translation>Chief financial service specialist</translation>
        </message>
        <message>
            <source>营商环境监督员</source>
            <translation>Business-environment supervisor</translation>
        </message>
        <message>
            <source>大型</source>
            <translation>Large</translation>
        </message>
        <message>
            <source>中型</source>
            <translation>Medium</translation>
        </message>
        <message>
            <source>小型</source>
            <translation>Small</translation>
        </message>
        <message>
            <source>微型</source>
            <translation>Micro</translation>
        </message>
        <message>
            <source>企业开办</source>
            <translation>Start-up</translation>
        </message>
        <message>
            <source>项目建设</source>
            <translation>Project construction</translation>
        </message>
        <message>
            <source>生产经营</source>
            <translation>Operation</translation>
        </message>
        <message>
            <source>转型升级</source>
            <translation>Transformation and upgrading</translation>
        </message>
        <message>
            <source>变更</source>
            <translation>Change registration</translation>
        </message>
        <message>
            <source>企业注销</source>
            <translation>Deregistration</translation>
        </message>
        <message>
            <source>线上</source>
            <translation>Online</translation>
        </message>
        <message>
            <source>线下</source>
            <translation>In person</translation>
        </message>
        <message>
            <source>存续经营</source>
            <translation>Operating</translation>
        </message>
        <message>
            <source>休眠</source>
            <translation>Hibernating</translation>
        </message>
        <message>
            <source>已注销</source>
            <translation>Deregistered</translation>
        </message>
        <message>
            <source>现场服务</source>
            <translation>On-site</translation>
        </message>
        <message>
            <source>定点服务</source>
            <translation>On-demand</translation>
        </message>
        <message>
            <source>调查</source>
            <translation>Survey</translation>
        </message>
        <message>
            <source>计划中</source>
            <translation>Planned</translation>
        </message>
        <message>
            <source>已完成</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>已取消</source>
            <translation>Cancelled</translation>
        </message>
        <message>
            <source>已逾期</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>草稿</source>
            <translation>Draft</translation>
        </message>
        <message>
            <source>已提交</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <source>已审阅</source>
            <translation>Reviewed</translation>
        </message>
        <message>
            <source>已退回修改</source>
            <translation>Returned for correction</translation>
        </message>
        <message>
            <source>诉求</source>
            <translation>Demand</translation>
        </message>
        <message>
            <source>投诉</source>
            <translation>Complaint</translation>
        </message>
        <message>
            <source>意见建议</source>
            <translation>Suggestion</translation>
        </message>
        <message>
            <source>一般</source>
            <translation>Low</translation>
        </message>
        <message>
            <source>普通</source>
            <translation>Normal</translation>
        </message>
        <message>
            <source>较急</source>
            <translation>High</translation>
        </message>
        <message>
            <source>紧急</source>
            <translation>Urgent</translation>
        </message>
        <message>
            <source>收集</source>
            <translation>Collected</translation>
        </message>
        <message>
            <source>交办</source>
            <translation>Assigned</translation>
        </message>
        <message>
            <source>承办</source>
            <translation>In progress</translation>
        </message>
        <message>
            <source>催办</source>
            <translation>Reminded</translation>
        </message>
        <message>
            <source>反馈</source>
            <translation>Feedback</translation>
        </message>
        <message>
            <source>集中研判</source>
            <translation>Collective review</translation>
        </message>
        <message>
            <source>办结</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>归档</source>
            <translation>Archived</translation>
        </message>
        <message>
            <source>指导帮办</source>
            <translation>Guidance</translation>
        </message>
        <message>
            <source>全程代办</source>
            <translation>Full proxy</translation>
        </message>
        <message>
            <source>已受理</source>
            <translation>Accepted</translation>
        </message>
        <message>
            <source>办理中</source>
            <translation>In progress</translation>
        </message>
        <message>
            <source>已办结</source>
            <translation>Completed</translation>
        </message>
        <message>
            <source>已终止</source>
            <translation>Terminated</translation>
        </message>
        <message>
            <source>服务对象主动要求终止</source>
            <translation>The client asked to stop</translation>
        </message>
        <message>
            <source>申请材料不符合法定条件、标准，且不能补正</source>
            <translation>The application materials do not meet the legal conditions or standards and cannot be corrected</translation>
        </message>
        <message>
            <source>因法律、法规修改、废止或国家政策调整不能继续审批</source>
            <translation>Approval cannot continue because laws or regulations were amended or repealed, or national policy changed</translation>
        </message>
        <message>
            <source>出现重大责任事故或重大问题，造成严重影响</source>
            <translation>A major accident or serious problem with severe consequences occurred</translation>
        </message>
        <message>
            <source>其他需要终止的情形</source>
            <translation>Other circumstances requiring termination</translation>
        </message>
        <message>
            <source>国家级</source>
            <translation>National</translation>
        </message>
        <message>
            <source>省级</source>
            <translation>Provincial</translation>
        </message>
        <message>
            <source>市级</source>
            <translation>City</translation>
        </message>
        <message>
            <source>区级</source>
            <translation>District</translation>
        </message>
        <message>
            <source>认定类</source>
            <translation>Recognition</translation>
        </message>
        <message>
            <source>项目类</source>
            <translation>Project</translation>
        </message>
        <message>
            <source>资金类</source>
            <translation>Funding</translation>
        </message>
        <message>
            <source>培育类</source>
            <translation>Cultivation</translation>
        </message>
        <message>
            <source>其他类</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>已申报</source>
            <translation>Applied</translation>
        </message>
        <message>
            <source>待补正</source>
            <translation>Awaiting corrections</translation>
        </message>
        <message>
            <source>初审通过</source>
            <translation>Passed preliminary review</translation>
        </message>
        <message>
            <source>审核通过</source>
            <translation>Approved</translation>
        </message>
        <message>
            <source>未通过</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>已兑现</source>
            <translation>Paid out</translation>
        </message>
        <message>
            <source>非常满意</source>
            <translation>Very satisfied</translation>
        </message>
        <message>
            <source>满意</source>
            <translation>Satisfied</translation>
        </message>
        <message>
            <source>基本满意</source>
            <translation>Basically satisfied</translation>
        </message>
        <message>
            <source>不满意</source>
            <translation>Unsatisfied</translation>
        </message>
        <message>
            <source>非常不满意</source>
            <translation>Very unsatisfied</translation>
        </message>
        <message>
            <source>日常检查</source>
            <translation>Daily check</translation>
        </message>
        <message>
            <source>同事互评</source>
            <translation>Peer review</translation>
        </message>
        <message>
            <source>自我评价</source>
            <translation>Self review</translation>
        </message>
        <message>
            <source>企业评价</source>
            <translation>Enterprise evaluation</translation>
        </message>
        <message>
            <source>第三方评估</source>
            <translation>Third-party assessment</translation>
        </message>
        <message>
            <source>已同步</source>
            <translation>Synced</translation>
        </message>
        <message>
            <source>待同步</source>
            <translation>Waiting</translation>
        </message>
        <message>
            <source>被退回</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>有冲突</source>
            <translation>Conflict</translation>
        </message>
        <message>
            <source>照片</source>
            <translation>Photo</translation>
        </message>
        <message>
            <source>扫描件</source>
            <translation>Scan</translation>
        </message>
        <message>
            <source>签名</source>
            <translation>Signature</translation>
        </message>
        <message>
            <source>其他</source>
            <translation>Other</translation>
        </message>
        <message>
            <source>合计</source>
            <translation>Total</translation>
        </message>
    </context>
    <context>
        <name>LedgerDemandTableModel</name>
        <message>
            <source>收集日期</source>
            <translation>Collected on</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>责任部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>办理时限</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>逾期</source>
            <translation>Overdue</translation>
        </message>
        <message>
            <source>满意度</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>内容</source>
            <translation>Description</translation>
        </message>
    </context>
    <context>
        <name>LedgerProxyTableModel</name>
        <message>
            <source>受理日期</source>
            <translation>Accepted on</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>事项</source>
            <translation>Item</translation>
        </message>
        <message>
            <source>方式</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>终止原因</source>
            <translation>Termination reason</translation>
        </message>
    </context>
    <context>
        <name>LedgerPushTableModel</name>
        <message>
            <source>推送时间</source>
            <translation>Pushed at</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>政策</source>
            <translation>Policy</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>LedgerRecordTableModel</name>
        <message>
            <source>走访时间</source>
            <translation>Visit time</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>阶段</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>更正</source>
            <translation>Amend</translation>
        </message>
        <message>
            <source>服务内容</source>
            <translation>Service content</translation>
        </message>
    </context>
    <context>
        <name>Lifecycle</name>
        <message>
            <source>未知的操作：{action}</source>
            <translation>Unknown action: {action}</translation>
        </message>
        <message>
            <source>诉求当前处于“{state}”状态，不能执行“{action}”</source>
            <translation>The demand is in state “{state}”; “{action}” is not possible</translation>
        </message>
        <message>
            <source>企业对办理结果不满意，不能办结：请再次交办或提交集中研判</source>
            <translation>The enterprise is not satisfied with the result, so the demand cannot be closed: assign it again or send it to collective review</translation>
        </message>
        <message>
            <source>申报当前为“{state}”，不能改为“{target}”</source>
            <translation>The application is “{state}” and cannot become “{target}”</translation>
        </message>
        <message>
            <source>帮办代办当前为“{state}”，不能改为“{target}”</source>
            <translation>The proxy service is “{state}” and cannot become “{target}”</translation>
        </message>
        <message>
            <source>还有{n}个节点未完成，不能办结</source>
            <translation>{n} milestones are still open; it cannot be completed</translation>
        </message>
        <message>
            <source>记录已提交，不能直接修改；如需更正请新建更正记录</source>
            <translation>The record is submitted and cannot be edited; create an amendment to correct it</translation>
        </message>
        <message>
            <source>记录已提交，不能重复提交</source>
            <translation>The record has already been submitted</translation>
        </message>
        <message>
            <source>草稿可直接修改，无需更正</source>
            <translation>A draft can be edited directly; no amendment is needed</translation>
        </message>
        <message>
            <source>只能审阅已提交的记录</source>
            <translation>Only submitted records can be reviewed</translation>
        </message>
        <message>
            <source>只能退回已提交、尚未审阅的记录</source>
            <translation>Only a submitted record not yet reviewed can be returned</translation>
        </message>
        <message>
            <source>记录已提交，不能删除</source>
            <translation>The record is submitted and cannot be deleted</translation>
        </message>
    </context>
    <context>
        <name>LockDialog</name>
        <message>
            <source>FieldKit 已锁定</source>
            <extracomment>the default idle time before the window locks</extracomment>
            <translation>FieldKit is locked</translation>
        </message>
        <message>
            <source>为保护企业信息，窗口已锁定；未保存的内容和后台同步不受影响。请输入账号 {login} 的密码解锁。</source>
            <translation>The window was locked to protect the enterprises' information; unsaved work and the background sync are not affected. Enter the password of account {login} to unlock.</translation>
        </message>
        <message>
            <source>密码</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>解锁</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <source>请输入密码</source>
            <translation>Please enter the password</translation>
        </message>
        <message>
            <source>密码错误次数过多，请在 {seconds} 秒后再试</source>
            <translation>Too many wrong passwords: try again in {seconds} s</translation>
        </message>
    </context>
    <context>
        <name>Lookup</name>
        <message>
            <source>走访记录</source>
            <translation>visit record</translation>
        </message>
        <message>
            <source>帮办代办</source>
            <translation>proxy service</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>enterprise</translation>
        </message>
        <message>
            <source>找不到企业“{value}”（可使用企业编号、统一社会信用代码或企业全称）</source>
            <translation>No enterprise “{value}” was found (use the enterprise number, the unified social credit code or the full name)</translation>
        </message>
        <message>
            <source>{label}编号“{value}”太短，请至少输入 {n} 位</source>
            <translation>The {label} number “{value}” is too short; enter at least {n} characters</translation>
        </message>
        <message>
            <source>找不到{label}“{value}”</source>
            <translation>No {label} “{value}” was found</translation>
        </message>
        <message>
            <source>{label}编号“{value}”对应多条记录，请输入更多位</source>
            <translation>More than one {label} number starts with “{value}”; enter more characters</translation>
        </message>
        <message>
            <source>找不到登录名为“{login}”的人员</source>
            <translation>No staff member has the login “{login}”</translation>
        </message>
        <message>
            <source>“{value}”对应多家企业，请使用统一社会信用代码</source>
            <translation>“{value}” matches more than one enterprise; use the unified social credit code</translation>
        </message>
        <message>
            <source>找不到功能区“{value}”</source>
            <translation>No zone “{value}” was found</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>走访记录编辑器尚未提供</source>
            <translation>The visit record editor is not available yet</translation>
        </message>
        <message>
            <source>正在加载…</source>
            <extracomment>the first view has shown its data: the window is usable (for the start-up benchmark) the daily automatic 催办 ran (how many demands it reminded) the background sync (health poll, periodic and 立即同步), never on the GUI thread set when the user asked to connect from the demo: the composition root then opens a real store beside the demo and shows its connect page set when the server said this device is revoked: the window closes and the composition root wipes the local data (fieldkit.sync.revocation) and shows the first-run page set after a restore from 备份与恢复: the composition root reopens the store and signs in again locks the window after the idle time of the settings, and on suspend (see idle_lock)</extracomment>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>FieldKit 企业服务助手 — {name}</source>
            <translation>FieldKit — {name}</translation>
        </message>
        <message>
            <source>文件(&amp;F)</source>
            <translation>&amp;File</translation>
        </message>
        <message>
            <source>视图(&amp;V)</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <source>工作(&amp;W)</source>
            <translation>&amp;Work</translation>
        </message>
        <message>
            <source>帮助(&amp;H)</source>
            <translation>&amp;Help</translation>
        </message>
        <message>
            <source>设置…</source>
            <translation>Settings…</translation>
        </message>
        <message>
            <source>备份与恢复…</source>
            <translation>Backup and restore…</translation>
        </message>
        <message>
            <source>查看自动备份、立即备份、导出整份数据或恢复一份备份</source>
            <translation>See the automatic backups, back up now, export all data or restore a backup</translation>
        </message>
        <message>
            <source>修改密码…</source>
            <translation>Change password…</translation>
        </message>
        <message>
            <source>修改本机登录密码（离线登录、解锁和备份用）</source>
            <translation>Change the local sign-in password (offline sign-in, unlocking and backups)</translation>
        </message>
        <message>
            <source>数据文件夹、界面语言和服务器（Ctrl+,）</source>
            <translation>Data folder, language and server (Ctrl+,)</translation>
        </message>
        <message>
            <source>退出</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>刷新</source>
            <translation>Refresh</translation>
        </message>
        <message>
            <source>重新加载当前页面（F5）</source>
            <translation>Reload the current page (F5)</translation>
        </message>
        <message>
            <source>查找企业</source>
            <translation>Find enterprise</translation>
        </message>
        <message>
            <source>搜索企业名称、拼音首字母或信用代码（Ctrl+F）</source>
            <translation>Search by enterprise name, pinyin initials or credit code (Ctrl+F)</translation>
        </message>
        <message>
            <source>全局搜索</source>
            <translation>Search everything</translation>
        </message>
        <message>
            <source>同时搜索企业、服务记录、诉求和政策的内容（Ctrl+K）</source>
            <translation>Search enterprises, service records, demands and policies at once (Ctrl+K)</translation>
        </message>
        <message>
            <source>新建走访记录</source>
            <translation>New visit record</translation>
        </message>
        <message>
            <source>新建走访记录（Ctrl+N）</source>
            <translation>New visit record (Ctrl+N)</translation>
        </message>
        <message>
            <source>返回</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>立即同步</source>
            <translation>Sync now</translation>
        </message>
        <message>
            <source>连接服务器…</source>
            <translation>Connect to a server…</translation>
        </message>
        <message>
            <source>演示数据不会上传。连接服务器会在旁边新建一份工作数据，演示数据保持不变。</source>
            <translation>Demo data is never uploaded. Connecting creates separate working data beside it; the demo stays as it is.</translation>
        </message>
        <message>
            <source>处理同步冲突…</source>
            <translation>Sync conflicts…</translation>
        </message>
        <message>
            <source>被退回的修改…</source>
            <translation>Rejected changes…</translation>
        </message>
        <message>
            <source>关于 FieldKit</source>
            <translation>About FieldKit</translation>
        </message>
        <message>
            <source>当前用户：{name}（{role}）</source>
            <translation>Signed in: {name} ({role})</translation>
        </message>
        <message>
            <source>正在同步…</source>
            <translation>Syncing…</translation>
        </message>
        <message>
            <source>与服务器 {url} 同步（Ctrl+R）</source>
            <translation>Sync with the server {url} (Ctrl+R)</translation>
        </message>
        <message>
            <source>演示数据不会同步到服务器；请用“连接服务器…”新建工作数据</source>
            <translation>Demo data is never synced; use “Connect to a server…” to create working data</translation>
        </message>
        <message>
            <source>尚未连接服务器；所有修改都已保存在本机</source>
            <translation>Not connected to a server yet; all changes are saved on this computer</translation>
        </message>
        <message>
            <source>同步已暂停</source>
            <translation>Sync paused</translation>
        </message>
        <message>
            <source>需要更新程序</source>
            <translation>Update required</translation>
        </message>
        <message>
            <source>演示数据不会上传到服务器。连接服务器将在演示数据旁边新建一份工作数据，程序会关闭演示窗口并打开连接页面；演示数据保持不变。继续吗？</source>
            <translation>Demo data is never uploaded to a server. Connecting creates separate working data beside the demo: this window closes and the connection page opens; the demo stays as it is. Continue?</translation>
        </message>
        <message>
            <source>程序会关闭此窗口并打开连接服务器的页面。继续吗？</source>
            <translation>This window closes and the connection page opens. Continue?</translation>
        </message>
        <message>
            <source>连接服务器</source>
            <translation>Connect to a server</translation>
        </message>
        <message>
            <source>恢复备份</source>
            <translation>Restore backup</translation>
        </message>
        <message>
            <source>备份已恢复。FieldKit 将重新打开数据，请重新登录。</source>
            <translation>The backup was restored. FieldKit reopens the data; please sign in again.</translation>
        </message>
        <message>
            <source>已自动备份本机数据</source>
            <translation>The data on this computer was backed up automatically</translation>
        </message>
        <message>
            <source>工作台</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>企业档案</source>
            <translation>Enterprises</translation>
        </message>
        <message>
            <source>走访计划</source>
            <translation>Visit plans</translation>
        </message>
        <message>
            <source>走访记录</source>
            <translation>Visit records</translation>
        </message>
        <message>
            <source>诉求办理</source>
            <translation>Demands</translation>
        </message>
        <message>
            <source>帮办代办</source>
            <translation>Proxy services</translation>
        </message>
        <message>
            <source>惠企政策</source>
            <translation>Policies</translation>
        </message>
        <message>
            <source>服务评价</source>
            <translation>Evaluations</translation>
        </message>
        <message>
            <source>主管考核</source>
            <translation>Supervision</translation>
        </message>
    </context>
    <context>
        <name>MatchedEnterpriseTableModel</name>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>推荐依据</source>
            <translation>Why it matches</translation>
        </message>
        <message>
            <source>已推送</source>
            <translation>Pushed</translation>
        </message>
    </context>
    <context>
        <name>MatchedPolicyTableModel</name>
        <message>
            <source>政策名称</source>
            <translation>Policy</translation>
        </message>
        <message>
            <source>推荐依据</source>
            <translation>Why it matches</translation>
        </message>
        <message>
            <source>已推送</source>
            <translation>Pushed</translation>
        </message>
    </context>
    <context>
        <name>Migration</name>
        <message>
            <source>正在升级本机数据（第 {k} 步，共 {n} 步）…</source>
            <extracomment>the newest migration's revision (tests/unit/test_migrations.py checks it against Alembic's head) how long a statement waits for another program's write transaction before the store is "busy" pages kept decrypted per connection (KiB, as SQLite's negative cache_size): a page read again from the OS is decrypted and authenticated again, so the cache is 64 MB instead of 2 MB. Memory is taken only as pages are read; at 30,000 enterprises (a 2.2 GB store) the board's working set did not fit 16 MB and every load decrypted it again: 355 → 152 ms CPU (docs/benchmarks.md) told how far a running migration is: (fraction done 0…1, what is being done, in the interface language); called on the migrating thread, last with 1.0 when it ends (done or failed) the process's listener (the window's progress dialog, the CLI's stderr lines); None: silent</extracomment>
            <translation>Upgrading the local data (step {k} of {n})…</translation>
        </message>
        <message>
            <source>正在建立全文检索索引：已完成 {done} / {total} 条</source>
            <translation>Building the full-text search index: {done} of {total} done</translation>
        </message>
        <message>
            <source>本机数据升级完成</source>
            <translation>The local data has been upgraded</translation>
        </message>
    </context>
    <context>
        <name>MigrationProgress</name>
        <message>
            <source>正在升级本机数据</source>
            <extracomment>the bar's resolution (QProgressDialog counts in integers) (fraction done 0…1, what is being done, already in the interface language)</extracomment>
            <translation>Upgrading the local data</translation>
        </message>
    </context>
    <context>
        <name>MilestoneTableModel</name>
        <message>
            <source>序号</source>
            <translation>No.</translation>
        </message>
        <message>
            <source>节点</source>
            <translation>Milestone</translation>
        </message>
        <message>
            <source>时限</source>
            <translation>Due</translation>
        </message>
        <message>
            <source>负责人</source>
            <translation>Responsible</translation>
        </message>
        <message>
            <source>完成日期</source>
            <translation>Completed on</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>MissingEnterpriseTableModel</name>
        <message>
            <source>未走访企业</source>
            <translation>Not visited</translation>
        </message>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
    </context>
    <context>
        <name>NewDemandDialog</name>
        <message>
            <source>新增诉求</source>
            <translation>New demand</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>重大投诉（需组织专题研究、制定整改措施）</source>
            <translation>Major complaint (needs a dedicated study and corrective measures)</translation>
        </message>
        <message>
            <source>紧急程度</source>
            <translation>Urgency</translation>
        </message>
        <message>
            <source>企业反映的问题、诉求或建议</source>
            <translation>The problem, demand or suggestion the enterprise raised</translation>
        </message>
        <message>
            <source>内容</source>
            <translation>Description</translation>
        </message>
    </context>
    <context>
        <name>NewProxyDialog</name>
        <message>
            <source>受理帮办代办</source>
            <translation>Accept proxy service</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>例如：建筑工程施工许可证</source>
            <translation>e.g. construction permit</translation>
        </message>
        <message>
            <source>代办事项</source>
            <translation>Item</translation>
        </message>
        <message>
            <source>阶段</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>服务方式</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>办理时限</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>服务方案：办理流程、所需材料、责任分工</source>
            <translation>Service plan: procedure, materials, who does what</translation>
        </message>
        <message>
            <source>服务方案</source>
            <translation>Service plan</translation>
        </message>
        <message>
            <source>每行一个节点：节点｜期限｜负责人（期限、负责人可不填：期限按办理时限，负责人为本人），例如：
材料预审｜2026-12-01｜王小明
窗口受理｜2026-12-05
领取证照</source>
            <translation>One milestone per line: step | deadline | responsible (both optional: the service's deadline and yourself), e.g.:
Pre-check of documents | 2026-12-01 | Wang Xiaoming
Window acceptance | 2026-12-05
Collect the licence</translation>
        </message>
        <message>
            <source>办理节点</source>
            <translation>Milestones</translation>
        </message>
    </context>
    <context>
        <name>Password</name>
        <message>
            <source>密码已修改。下次登录和解锁时请使用新密码。</source>
            <translation>Password changed. Use the new password to sign in and unlock from now on.</translation>
        </message>
        <message>
            <source>请输入新密码</source>
            <translation>Please enter a new password</translation>
        </message>
        <message>
            <source>两次输入的新密码不一致</source>
            <translation>The two new passwords do not match</translation>
        </message>
        <message>
            <source>新密码不能与原密码相同</source>
            <translation>The new password must differ from the current one</translation>
        </message>
        <message>
            <source>密钥文件 keys.json 与本机数据不是同一套，无法修改密码</source>
            <translation>The key file keys.json does not belong to this computer's data; the password cannot be changed</translation>
        </message>
        <message>
            <source>原密码不正确</source>
            <translation>The current password is wrong</translation>
        </message>
        <message>
            <source>账号 {login} 在本机没有密码，无法修改</source>
            <translation>The account {login} has no password on this computer; nothing to change</translation>
        </message>
        <message>
            <source>这是服务器账号：只修改了本机密码（离线登录和解锁本机数据用），服务器上的密码没有改变。连接服务器时仍使用服务器密码；下次重新登录服务器后，本机密码会改为与服务器密码相同。如需修改服务器密码，请联系管理员。</source>
            <translation>This is a server account: only the local password (offline sign-in and unlocking this computer's data) changed; the password on the server is unchanged. Signing in with the server still uses the server password, and after the next sign-in with the server the local password becomes the server password again. To change the server password, contact your administrator.</translation>
        </message>
        <message>
            <source>密钥文件 keys.json 已损坏，无法修改密码；请从备份恢复</source>
            <translation>The key file keys.json is damaged; the password cannot be changed. Please restore a backup</translation>
        </message>
    </context>
    <context>
        <name>PeriodDialog</name>
        <message>
            <source>打印{title}</source>
            <extracomment>(start, end) chosen</extracomment>
            <translation>Print: {title}</translation>
        </message>
        <message>
            <source>{name}（{start} 至 {end}）</source>
            <translation>{name} ({start} to {end})</translation>
        </message>
        <message>
            <source>自定义日期…</source>
            <translation>Custom dates…</translation>
        </message>
        <message>
            <source>期间</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>开始日期</source>
            <translation>From</translation>
        </message>
        <message>
            <source>结束日期</source>
            <translation>To</translation>
        </message>
        <message>
            <source>预览</source>
            <translation>Preview</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>开始日期 {start} 晚于结束日期 {end}，请重新选择</source>
            <translation>The start {start} is after the end {end}; please choose again</translation>
        </message>
    </context>
    <context>
        <name>Periods</name>
        <message>
            <source>本月</source>
            <translation>This month</translation>
        </message>
        <message>
            <source>上月</source>
            <translation>Last month</translation>
        </message>
        <message>
            <source>本季度</source>
            <translation>This quarter</translation>
        </message>
        <message>
            <source>上季度</source>
            <translation>Last quarter</translation>
        </message>
        <message>
            <source>本年</source>
            <translation>This year</translation>
        </message>
        <message>
            <source>上年</source>
            <translation>Last year</translation>
        </message>
    </context>
    <context>
        <name>Permissions</name>
        <message>
            <source>主管只能新建或修改本功能区的服务人员（助理、专员），不能设置主管或管理员</source>
            <translation>A supervisor creates and edits only the assistants and specialists of their own zone, and cannot make supervisors or administrators</translation>
        </message>
        <message>
            <source>企业“{name}”当前不由您包联，不能查看或修改它的数据</source>
            <translation>The enterprise “{name}” is not assigned to you: you cannot see or change its data</translation>
        </message>
        <message>
            <source>企业“{name}”不在您的功能区，不能查看或修改它的数据</source>
            <translation>The enterprise “{name}” is not in your zone: you cannot see or change its data</translation>
        </message>
        <message>
            <source>您只能查看自己的数据，不能查看“{name}”的</source>
            <translation>You can see only your own work, not that of “{name}”</translation>
        </message>
        <message>
            <source>“{name}”不在您的功能区</source>
            <translation>“{name}” is not in your zone</translation>
        </message>
        <message>
            <source>不能在其他功能区新建企业</source>
            <translation>You cannot register an enterprise in another zone</translation>
        </message>
        <message>
            <source>助理只能把尚无人包联的企业包联给自己</source>
            <translation>An assistant can only take on, for themself, an enterprise nobody is assigned to</translation>
        </message>
        <message>
            <source>无法确认您的账号（已停用或不存在），操作未执行</source>
            <translation>Your account could not be confirmed (deactivated or unknown); nothing was done</translation>
        </message>
        <message>
            <source>只有主管可以调整企业的包联人员</source>
            <translation>Only a supervisor can change who is assigned to an enterprise</translation>
        </message>
        <message>
            <source>只有主管可以录入对服务人员的考核评分</source>
            <translation>Only a supervisor can record staff assessments</translation>
        </message>
        <message>
            <source>只有主管可以审阅或退回服务记录</source>
            <translation>Only a supervisor can review or return service records</translation>
        </message>
        <message>
            <source>只有主管可以录入或修改政策</source>
            <translation>Only a supervisor can enter or change policies</translation>
        </message>
        <message>
            <source>只有管理员可以修改功能区和人员</source>
            <translation>Only an administrator can change zones and staff</translation>
        </message>
        <message>
            <source>只有主管或管理员可以新建或修改服务人员</source>
            <translation>Only a supervisor or an administrator can create or edit staff members</translation>
        </message>
        <message>
            <source>只有主管可以查看整个功能区的汇总</source>
            <translation>Only a supervisor can see the summary of a whole zone</translation>
        </message>
    </context>
    <context>
        <name>PlanDialog</name>
        <message>
            <source>新建走访计划</source>
            <translation>New visit plan</translation>
        </message>
        <message>
            <source>安排回访</source>
            <extracomment>回访: the service record this plan follows up (seed 004 附录A)</extracomment>
            <translation>Plan a follow-up visit</translation>
        </message>
        <message>
            <source>定点服务已办结：安排一次回访，了解问题是否解决。回访计划与这次服务记录相关联。</source>
            <translation>The on-demand service is closed: plan a follow-up visit to learn whether the problem is solved. The plan is linked to this service record.</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>计划日期</source>
            <translation>Planned date</translation>
        </message>
        <message>
            <source>例如：了解企业生产经营情况和诉求</source>
            <translation>e.g. learn about operations and demands</translation>
        </message>
        <message>
            <source>走访主题</source>
            <translation>Theme</translation>
        </message>
        <message>
            <source>服务类型</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>备注</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>PlanTableModel</name>
        <message>
            <source>计划日期</source>
            <translation>Planned date</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>走访主题</source>
            <translation>Theme</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>备注</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>同步</source>
            <translation>Sync</translation>
        </message>
    </context>
    <context>
        <name>PlanWeekTableModel</name>
        <message>
            <source>周一</source>
            <translation>Mon</translation>
        </message>
        <message>
            <source>周二</source>
            <translation>Tue</translation>
        </message>
        <message>
            <source>周三</source>
            <translation>Wed</translation>
        </message>
        <message>
            <source>周四</source>
            <translation>Thu</translation>
        </message>
        <message>
            <source>周五</source>
            <translation>Fri</translation>
        </message>
        <message>
            <source>周六</source>
            <translation>Sat</translation>
        </message>
        <message>
            <source>周日</source>
            <translation>Sun</translation>
        </message>
    </context>
    <context>
        <name>PlansView</name>
        <message>
            <source>走访计划</source>
            <extracomment>start a visit record from a plan (plan id) → the editor's new_record(plan_id=...)</extracomment>
            <translation>Visit plans</translation>
        </message>
        <message>
            <source>新建计划</source>
            <translation>New plan</translation>
        </message>
        <message>
            <source>新建走访计划 (Ctrl+Shift+N)</source>
            <translation>New visit plan (Ctrl+Shift+N)</translation>
        </message>
        <message>
            <source>改期</source>
            <translation>Reschedule</translation>
        </message>
        <message>
            <source>取消计划</source>
            <translation>Cancel plan</translation>
        </message>
        <message>
            <source>开始走访记录</source>
            <translation>Start visit record</translation>
        </message>
        <message>
            <source>按此计划填写走访记录</source>
            <translation>Fill in the visit record for this plan</translation>
        </message>
        <message>
            <source>打印计划表</source>
            <translation>Print plan</translation>
        </message>
        <message>
            <source>上一周期</source>
            <translation>Previous period</translation>
        </message>
        <message>
            <source>下一周期</source>
            <translation>Next period</translation>
        </message>
        <message>
            <source>今天</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>显示已取消</source>
            <translation>Show cancelled</translation>
        </message>
        <message>
            <source>列表</source>
            <translation>List</translation>
        </message>
        <message>
            <source>周视图</source>
            <translation>Week</translation>
        </message>
        <message>
            <source>图例：</source>
            <translation>Legend: </translation>
        </message>
        <message>
            <source>月视图</source>
            <translation>Month</translation>
        </message>
        <message>
            <source>为选中企业安排走访</source>
            <translation>Plan a visit for the selected enterprise</translation>
        </message>
        <message>
            <source>季度覆盖</source>
            <translation>Quarterly coverage</translation>
        </message>
        <message>
            <source>{year}年第{q}季度（{start} 至 {end}）：包联企业 {total} 家，已现场走访 {visited} 家，每家企业每季度至少现场走访一次</source>
            <translation>Q{q} {year} ({start} to {end}): {total} assigned enterprises, {visited} visited on site; every enterprise needs at least one on-site visit per quarter</translation>
        </message>
        <message>
            <source>{date} 的计划</source>
            <translation>Plans on {date}</translation>
        </message>
        <message>
            <source>{start} 至 {end}</source>
            <translation>{start} to {end}</translation>
        </message>
        <message>
            <source>{year}年{month}月</source>
            <translation>{month}/{year}</translation>
        </message>
        <message>
            <source>正在加载，请稍候</source>
            <translation>Loading, please wait</translation>
        </message>
        <message>
            <source>已新建走访计划</source>
            <translation>Visit plan created</translation>
        </message>
        <message>
            <source>计划已改期</source>
            <translation>Plan rescheduled</translation>
        </message>
        <message>
            <source>计划已取消</source>
            <translation>Plan cancelled</translation>
        </message>
        <message>
            <source>走访计划表</source>
            <translation>Visit plan</translation>
        </message>
    </context>
    <context>
        <name>PoliciesView</name>
        <message>
            <source>惠企政策</source>
            <translation>Policies</translation>
        </message>
        <message>
            <source>搜索政策名称、文号、发布单位、标签</source>
            <translation>Search title, document no., issuer, tags</translation>
        </message>
        <message>
            <source>全部类别</source>
            <translation>All categories</translation>
        </message>
        <message>
            <source>全部级别</source>
            <translation>All levels</translation>
        </message>
        <message>
            <source>仅申报期内</source>
            <translation>Open for application</translation>
        </message>
        <message>
            <source>政策详情</source>
            <translation>Details</translation>
        </message>
        <message>
            <source>记录宣讲推送</source>
            <translation>Record push</translation>
        </message>
        <message>
            <source>登记申报</source>
            <translation>Register application</translation>
        </message>
        <message>
            <source>匹配企业</source>
            <translation>Matching enterprises</translation>
        </message>
        <message>
            <source>办理流程：申报 → 受理 → 初审 → 结果 → 兑现；材料不齐的，一次性告知补正，补正完成后回到受理</source>
            <translation>Process: applied → accepted → preliminary review → result → redeemed; incomplete documents get a one-time correction notice, and once corrected the application returns to accepted</translation>
        </message>
        <message>
            <source>一次性告知补正…</source>
            <translation>Correction notice…</translation>
        </message>
        <message>
            <source>补正完成</source>
            <translation>Corrections received</translation>
        </message>
        <message>
            <source>申报跟踪</source>
            <translation>Applications</translation>
        </message>
        <message>
            <source>您负责的企业中有 {n} 家符合条件（灰色为不符合及原因；双击打开企业档案）</source>
            <translation>{n} of your enterprises qualify (grey rows do not, with the reason; double-click to open the file)</translation>
        </message>
        <message>
            <source>您负责的企业中没有符合条件的企业（灰色行列出不符合的原因）</source>
            <translation>None of your enterprises qualify (grey rows give the reasons)</translation>
        </message>
        <message>
            <source>已登记申报</source>
            <translation>Application registered</translation>
        </message>
        <message>
            <source>已记录推送</source>
            <translation>Push recorded</translation>
        </message>
        <message>
            <source>申报进度已更新</source>
            <translation>Application progress updated</translation>
        </message>
    </context>
    <context>
        <name>Policy</name>
        <message>
            <source>{told} 一次性告知补正：{items}（待补正）</source>
            <translation>{told} correction notice: {items} (awaiting corrections)</translation>
        </message>
        <message>
            <source>{told} 一次性告知补正：{items}（{done} 补正完成）</source>
            <translation>{told} correction notice: {items} (corrected {done})</translation>
        </message>
        <message>
            <source>画像标签匹配：{value}</source>
            <translation>Profile tags match: {value}</translation>
        </message>
        <message>
            <source>企业非存续经营状态</source>
            <translation>The enterprise is not operating</translation>
        </message>
        <message>
            <source>申报窗口已关闭（{date}）</source>
            <translation>Application window closed ({date})</translation>
        </message>
        <message>
            <source>普惠政策，不限行业和规模</source>
            <translation>General policy, open to any industry and scale</translation>
        </message>
        <message>
            <source>；</source>
            <translation>; </translation>
        </message>
        <message>
            <source>行业符合：{value}</source>
            <translation>Industry fits: {value}</translation>
        </message>
        <message>
            <source>行业不在适用范围</source>
            <translation>Industry not covered</translation>
        </message>
        <message>
            <source>规模符合：{value}</source>
            <translation>Scale fits: {value}</translation>
        </message>
        <message>
            <source>企业规模不符合</source>
            <translation>Scale does not fit</translation>
        </message>
        <message>
            <source>生命周期阶段符合：{value}</source>
            <translation>Lifecycle stage fits: {value}</translation>
        </message>
        <message>
            <source>生命周期阶段不符合</source>
            <translation>Lifecycle stage does not fit</translation>
        </message>
        <message>
            <source>申报窗口将于 {date} 开放</source>
            <translation>Application window opens on {date}</translation>
        </message>
        <message>
            <source>申报截止 {date}（剩 {days} 天）</source>
            <translation>Applications close {date} ({days} days left)</translation>
        </message>
    </context>
    <context>
        <name>PolicyPushDialog</name>
        <message>
            <source>政策宣讲推送</source>
            <translation>Policy push</translation>
        </message>
        <message>
            <source>为“{name}”匹配的政策（按推荐程度排序），选择已向企业宣讲的一项：</source>
            <translation>Policies matched to "{name}" (best first); choose the one you explained:</translation>
        </message>
        <message>
            <source>政策</source>
            <translation>Policy</translation>
        </message>
        <message>
            <source>宣讲方式、企业反馈等（可选）</source>
            <translation>How it was explained, feedback (optional)</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
        <message>
            <source>记录推送</source>
            <translation>Record push</translation>
        </message>
        <message>
            <source>正在匹配政策……</source>
            <translation>Matching policies…</translation>
        </message>
        <message>
            <source>共 {n} 项政策符合条件</source>
            <translation>{n} policies qualify</translation>
        </message>
        <message>
            <source>没有符合条件的政策</source>
            <translation>No policy qualifies</translation>
        </message>
    </context>
    <context>
        <name>PolicyTableModel</name>
        <message>
            <source>政策名称</source>
            <translation>Policy</translation>
        </message>
        <message>
            <source>类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>级别</source>
            <translation>Level</translation>
        </message>
        <message>
            <source>发布单位</source>
            <translation>Issuer</translation>
        </message>
        <message>
            <source>申报期</source>
            <translation>Application window</translation>
        </message>
    </context>
    <context>
        <name>PrintCli</name>
        <message>
            <source>--record 记录编号</source>
            <translation>--record RECORD_NUMBER</translation>
        </message>
        <message>
            <source>--staff 登录名</source>
            <translation>--staff LOGIN</translation>
        </message>
        <message>
            <source>--from 开始日期 --to 结束日期</source>
            <translation>--from START_DATE --to END_DATE</translation>
        </message>
        <message>
            <source>--enterprise 企业编号或统一社会信用代码</source>
            <translation>--enterprise ENTERPRISE_NUMBER_OR_CREDIT_CODE</translation>
        </message>
        <message>
            <source>--proxy 帮办代办编号</source>
            <translation>--proxy PROXY_SERVICE_NUMBER</translation>
        </message>
        <message>
            <source>--zone 功能区</source>
            <translation>--zone ZONE</translation>
        </message>
        <message>
            <source>开始日期“{value}”无效，请按 2026-11-21 的格式填写</source>
            <translation>The start date “{value}” is invalid; write it like 2026-11-21</translation>
        </message>
        <message>
            <source>结束日期“{value}”无效，请按 2026-11-21 的格式填写</source>
            <translation>The end date “{value}” is invalid; write it like 2026-11-21</translation>
        </message>
        <message>
            <source>--today 的日期“{value}”无效，请按 2026-11-21 的格式填写</source>
            <translation>The --today date “{value}” is invalid; write it like 2026-11-21</translation>
        </message>
        <message>
            <source>生成表单或台账（PDF，台账也可导出 Excel）。表单内容始终为中文。</source>
            <translation>Generate a form or ledger (PDF; ledgers also as Excel). The documents are always in Chinese.</translation>
        </message>
        <message>
            <source>开始日期 {start} 晚于结束日期 {end}</source>
            <translation>The start date {start} is after the end date {end}</translation>
        </message>
        <message>
            <source>{title}需要指定：{missing}</source>
            <translation>{title}: please give {missing}</translation>
        </message>
        <message>
            <source>错误：{message}</source>
            <translation>Error: {message}</translation>
        </message>
        <message>
            <source>已生成{title}：{path}（{size} KB）</source>
            <translation>{title} written to {path} ({size} KB)</translation>
        </message>
        <message>
            <source>、</source>
            <translation>, </translation>
        </message>
        <message>
            <source>；</source>
            <translation>; </translation>
        </message>
        <message>
            <source>{name}（{title}）</source>
            <translation>{name} ({title})</translation>
        </message>
        <message>
            <source>表单：{forms}</source>
            <translation>the form: {forms}</translation>
        </message>
        <message>
            <source>走访记录编号（完整编号或表上印的前 8 位）</source>
            <translation>visit record number (in full, or the first 8 characters printed on the form)</translation>
        </message>
        <message>
            <source>服务人员登录名</source>
            <translation>login of the staff member</translation>
        </message>
        <message>
            <source>开始日期，如 2026-01-01（默认本季度）</source>
            <translation>start date, e.g. 2026-01-01 (default: this quarter)</translation>
        </message>
        <message>
            <source>结束日期，如 2026-03-31</source>
            <translation>end date, e.g. 2026-03-31</translation>
        </message>
        <message>
            <source>企业编号、统一社会信用代码或企业全称</source>
            <translation>enterprise number, unified social credit code or full name</translation>
        </message>
        <message>
            <source>帮办代办编号（完整编号或前 8 位）</source>
            <translation>proxy service number (in full or its first 8 characters)</translation>
        </message>
        <message>
            <source>功能区编号、代码或名称（考核汇总表）</source>
            <translation>zone number, code or name (performance summary)</translation>
        </message>
        <message>
            <source>走访记录表上放置的照片附件编号（可多次指定；默认前 4 张）</source>
            <translation>number of a photo attachment to place on the visit record (repeatable; default: the first 4)</translation>
        </message>
        <message>
            <source>表头的填报单位（默认为人员所在功能区）</source>
            <translation>issuing unit in the heading (default: the staff member's zone)</translation>
        </message>
        <message>
            <source>按此日期计算逾期和剩余天数（默认今天）</source>
            <translation>count overdue items and days left as of this date (default: today)</translation>
        </message>
        <message>
            <source>输出文件：.pdf 或 .xlsx（台账）</source>
            <translation>output file: .pdf, or .xlsx (ledgers)</translation>
        </message>
        <message>
            <source>未知的表单“{name}”。可用的表单：{forms}</source>
            <translation>Unknown form “{name}”. The forms are: {forms}</translation>
        </message>
        <message>
            <source>输出文件“{path}”须以 .pdf 或 .xlsx 结尾</source>
            <translation>The output file “{path}” must end in .pdf or .xlsx</translation>
        </message>
        <message>
            <source>{title}不能导出 Excel，请输出为 .pdf（可导出 Excel 的台账：{ledgers}）</source>
            <translation>{title}: no Excel export; write a .pdf (ledgers with an Excel export: {ledgers})</translation>
        </message>
        <message>
            <source>无法写入“{path}”：{reason}</source>
            <translation>Could not write “{path}”: {reason}</translation>
        </message>
    </context>
    <context>
        <name>PrintPreviewDialog</name>
        <message>
            <source>打印预览 — {0}</source>
            <extracomment>the resolution pages are rendered at for the printer (300 dpi took ~4x longer per page and 2.25x the memory for no difference a reader of a form can see) pages printed so far, pages to print printing was cancelled after this many pages</extracomment>
            <translation>Print preview — {0}</translation>
        </message>
        <message>
            <source>正在生成“{0}”，请稍候…</source>
            <translation>Generating “{0}”, please wait…</translation>
        </message>
        <message>
            <source>打印…</source>
            <translation>Print…</translation>
        </message>
        <message>
            <source>保存为PDF…</source>
            <translation>Save as PDF…</translation>
        </message>
        <message>
            <source>导出Excel…</source>
            <translation>Export to Excel…</translation>
        </message>
        <message>
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>生成的文件不是 PDF</source>
            <translation>The generated file is not a PDF</translation>
        </message>
        <message>
            <source>共 {0} 页</source>
            <translation>{0} pages</translation>
        </message>
        <message>
            <source>生成失败：{0}</source>
            <translation>Generation failed: {0}</translation>
        </message>
        <message>
            <source>保存为PDF</source>
            <translation>Save as PDF</translation>
        </message>
        <message>
            <source>PDF 文件 (*.pdf)</source>
            <translation>PDF files (*.pdf)</translation>
        </message>
        <message>
            <source>正在保存…</source>
            <translation>Saving…</translation>
        </message>
        <message>
            <source>无法保存“{0}”：{1}</source>
            <translation>Could not save “{0}”: {1}</translation>
        </message>
        <message>
            <source>已保存：{0}</source>
            <translation>Saved: {0}</translation>
        </message>
        <message>
            <source>导出Excel</source>
            <translation>Export to Excel</translation>
        </message>
        <message>
            <source>Excel 工作簿 (*.xlsx)</source>
            <translation>Excel workbooks (*.xlsx)</translation>
        </message>
        <message>
            <source>正在导出 Excel…</source>
            <translation>Exporting to Excel…</translation>
        </message>
        <message>
            <source>已导出：{0}</source>
            <translation>Exported: {0}</translation>
        </message>
        <message>
            <source>导出失败：{0}</source>
            <translation>Export failed: {0}</translation>
        </message>
        <message>
            <source>打印</source>
            <translation>Print</translation>
        </message>
        <message>
            <source>正在打印“{0}”…</source>
            <translation>Printing “{0}”…</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>正在打印：第 {0}/{1} 页</source>
            <translation>Printing: page {0} of {1}</translation>
        </message>
        <message>
            <source>正在取消打印…</source>
            <translation>Cancelling printing…</translation>
        </message>
        <message>
            <source>无法开始打印，请检查打印机</source>
            <translation>Printing could not start; please check the printer</translation>
        </message>
        <message>
            <source>已取消打印（已发送 {0} 页）</source>
            <translation>Printing cancelled ({0} pages sent)</translation>
        </message>
        <message>
            <source>已发送到打印机：{0} 页</source>
            <translation>Sent to the printer: {0} pages</translation>
        </message>
        <message>
            <source>打印失败：{0}</source>
            <translation>Printing failed: {0}</translation>
        </message>
    </context>
    <context>
        <name>Profile</name>
        <message>
            <source>万元</source>
            <translation>10k yuan</translation>
        </message>
        <message>
            <source>件</source>
            <translation>items</translation>
        </message>
        <message>
            <source>生产经营</source>
            <translation>Operations</translation>
        </message>
        <message>
            <source>知识产权</source>
            <translation>Intellectual property</translation>
        </message>
        <message>
            <source>信用信息</source>
            <translation>Credit information</translation>
        </message>
        <message>
            <source>上市融资</source>
            <translation>Listing and financing</translation>
        </message>
        <message>
            <source>人</source>
            <translation>persons</translation>
        </message>
        <message>
            <source>未上市</source>
            <translation>Not listed</translation>
        </message>
        <message>
            <source>拟上市（辅导备案中）</source>
            <translation>Preparing to list (in tutoring filing)</translation>
        </message>
        <message>
            <source>已上市</source>
            <translation>Listed</translation>
        </message>
    </context>
    <context>
        <name>ProfileEditor</name>
        <message>
            <source>企业名称</source>
            <translation>Enterprise name</translation>
        </message>
        <message>
            <source>统一社会信用代码</source>
            <translation>Unified social credit code</translation>
        </message>
        <message>
            <source>法定代表人</source>
            <translation>Legal representative</translation>
        </message>
        <message>
            <source>联系人</source>
            <translation>Contact person</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>Contact phone</translation>
        </message>
        <message>
            <source>地址</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>所属行业</source>
            <translation>Industry</translation>
        </message>
        <message>
            <source>企业规模</source>
            <translation>Scale</translation>
        </message>
        <message>
            <source>生命周期阶段</source>
            <translation>Lifecycle stage</translation>
        </message>
        <message>
            <source>经营状态</source>
            <translation>Business status</translation>
        </message>
        <message>
            <source>备注</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>对接方式</source>
            <translation>Contact channel</translation>
        </message>
        <message>
            <source>企业档案</source>
            <translation>Enterprise file</translation>
        </message>
        <message>
            <source>企业画像标签</source>
            <translation>Profile tags</translation>
        </message>
        <message>
            <source>{label}（{unit}）</source>
            <translation>{label} ({unit})</translation>
        </message>
        <message>
            <source>其他标签</source>
            <translation>Other tags</translation>
        </message>
        <message>
            <source>多个标签用顿号分隔</source>
            <translation>separate tags with 、 or commas</translation>
        </message>
        <message>
            <source>18位，如 91510600MA62XXXXXX</source>
            <translation>18 characters, e.g. 91510600MA62XXXXXX</translation>
        </message>
        <message>
            <source>手机号或带区号的固话</source>
            <translation>mobile, or landline with area code</translation>
        </message>
        <message>
            <source>保存</source>
            <translation>Save</translation>
        </message>
        <message>
            <source>保存修改（Ctrl+S）</source>
            <translation>Save the changes (Ctrl+S)</translation>
        </message>
        <message>
            <source>撤销修改</source>
            <translation>Undo changes</translation>
        </message>
        <message>
            <source>（未填写）</source>
            <translation>(not set)</translation>
        </message>
        <message>
            <source>（尚未约定）</source>
            <translation>(not agreed yet)</translation>
        </message>
        <message>
            <source>根据近 {n} 天的诉求、走访、帮办代办和政策申报自动判断</source>
            <translation>Set automatically from the demands, visits, proxy services and policy applications of the last {n} days</translation>
        </message>
        <message>
            <source>没有需要保存的修改</source>
            <translation>Nothing to save</translation>
        </message>
    </context>
    <context>
        <name>ProxyTableModel</name>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>代办事项</source>
            <translation>Item</translation>
        </message>
        <message>
            <source>阶段</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>方式</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>受理日期</source>
            <translation>Accepted on</translation>
        </message>
        <message>
            <source>办理时限</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>同步</source>
            <translation>Sync</translation>
        </message>
    </context>
    <context>
        <name>ProxyView</name>
        <message>
            <source>帮办代办</source>
            <translation>Proxy services</translation>
        </message>
        <message>
            <source>受理帮办代办</source>
            <translation>Accept proxy service</translation>
        </message>
        <message>
            <source>打印帮办代办台账</source>
            <translation>Print proxy ledger</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>全部</source>
            <translation>All</translation>
        </message>
        <message>
            <source>选择一项帮办代办查看详情</source>
            <translation>Select a proxy service to see its details</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>方式</source>
            <translation>Mode</translation>
        </message>
        <message>
            <source>受理 / 时限</source>
            <translation>Accepted / due</translation>
        </message>
        <message>
            <source>终止原因</source>
            <translation>Termination reason</translation>
        </message>
        <message>
            <source>服务评价</source>
            <translation>Evaluation</translation>
        </message>
        <message>
            <source>打印服务方案</source>
            <translation>Print service plan</translation>
        </message>
        <message>
            <source>打印选中事项的帮办代办服务方案</source>
            <translation>Print the service plan of the selected proxy service</translation>
        </message>
        <message>
            <source>服务方案</source>
            <translation>Service plan</translation>
        </message>
        <message>
            <source>办理节点</source>
            <translation>Milestones</translation>
        </message>
        <message>
            <source>完成节点</source>
            <translation>Complete milestone</translation>
        </message>
        <message>
            <source>开始办理</source>
            <translation>Start</translation>
        </message>
        <message>
            <source>办结</source>
            <translation>Complete</translation>
        </message>
        <message>
            <source>终止</source>
            <translation>Terminate</translation>
        </message>
        <message>
            <source>尚未评价</source>
            <translation>Not yet evaluated</translation>
        </message>
        <message>
            <source>已受理</source>
            <translation>Accepted</translation>
        </message>
        <message>
            <source>节点已完成</source>
            <translation>Milestone completed</translation>
        </message>
        <message>
            <source>已终止</source>
            <translation>Terminated</translation>
        </message>
        <message>
            <source>已开始办理</source>
            <translation>Started</translation>
        </message>
        <message>
            <source>已办结</source>
            <translation>Completed</translation>
        </message>
        <message>
            <source>帮办代办台账</source>
            <translation>Proxy service ledger</translation>
        </message>
        <message>
            <source>请先选择一项帮办代办</source>
            <translation>Select a proxy service first</translation>
        </message>
        <message>
            <source>帮办代办服务方案</source>
            <translation>Proxy service plan</translation>
        </message>
    </context>
    <context>
        <name>PushTableModel</name>
        <message>
            <source>政策</source>
            <translation>Policy</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>推送时间</source>
            <translation>Pushed at</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>ReassignDialog</name>
        <message>
            <source>调整包联</source>
            <translation>Reassign</translation>
        </message>
        <message>
            <source>{enterprise}：当前由 {staff} 包联</source>
            <translation>{enterprise}: currently assigned to {staff}</translation>
        </message>
        <message>
            <source>改由</source>
            <translation>Reassign to</translation>
        </message>
        <message>
            <source>生效日期</source>
            <translation>Effective from</translation>
        </message>
        <message>
            <source>调整原因</source>
            <translation>Reason for the change</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Note</translation>
        </message>
    </context>
    <context>
        <name>RecordCompareTableModel</name>
        <message>
            <source>走访时间</source>
            <translation>Visit time</translation>
        </message>
        <message>
            <source>走访地点</source>
            <translation>Place</translation>
        </message>
        <message>
            <source>服务类型</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>我方人员</source>
            <translation>Our participants</translation>
        </message>
        <message>
            <source>企业方人员</source>
            <translation>Enterprise participants</translation>
        </message>
        <message>
            <source>生命周期阶段</source>
            <translation>Lifecycle stage</translation>
        </message>
        <message>
            <source>服务事项</source>
            <translation>Service items</translation>
        </message>
        <message>
            <source>服务内容</source>
            <translation>Service content</translation>
        </message>
        <message>
            <source>发现问题</source>
            <translation>Problems found</translation>
        </message>
        <message>
            <source>后续跟进</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>企业签名</source>
            <translation>Enterprise signature</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
    </context>
    <context>
        <name>RecordDemandTableModel</name>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>紧急程度</source>
            <translation>Urgency</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>内容</source>
            <translation>Description</translation>
        </message>
    </context>
    <context>
        <name>RecordEditorView</name>
        <message>
            <source>走访记录</source>
            <extracomment>the file is not on this computer yet (downloaded on demand, :mod:`fieldkit.ui.attachment_fetcher`) photo and signature files not on this computer: downloaded when the record is shown 回访 plans of this service (day, status label), and whether one may still be planned the on-demand download of the shown record's files ended: how many are still missing downloads the shown record's photos and signature when they are not on this computer a print preview asked for while the files were still downloading: opened when they are in</extracomment>
            <translation>Visit record</translation>
        </message>
        <message>
            <source>从走访计划开始记录，或选择一家企业直接开始。</source>
            <translation>Start from a visit plan, or choose an enterprise to start directly.</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>开始走访记录</source>
            <translation>Start visit record</translation>
        </message>
        <message>
            <source>主管退回修改的记录（双击查看原因并更正）</source>
            <translation>Records your supervisor returned for correction (double-click to see why and correct)</translation>
        </message>
        <message>
            <source>我的草稿（双击继续填写）</source>
            <translation>My drafts (double-click to continue)</translation>
        </message>
        <message>
            <source>删除选中草稿</source>
            <translation>Delete selected draft</translation>
        </message>
        <message>
            <source>打印我的工作台账…</source>
            <translation>Print my work ledger…</translation>
        </message>
        <message>
            <source>选择期间，打印或导出本人的工作台账</source>
            <translation>Choose a period, then print or export your own work ledger</translation>
        </message>
        <message>
            <source>保存草稿</source>
            <translation>Save draft</translation>
        </message>
        <message>
            <source>草稿会自动保存 (Ctrl+S)</source>
            <translation>Drafts save automatically (Ctrl+S)</translation>
        </message>
        <message>
            <source>提交</source>
            <translation>Submit</translation>
        </message>
        <message>
            <source>提交后记录将锁定，不能再修改</source>
            <translation>Once submitted the record is locked and cannot be changed</translation>
        </message>
        <message>
            <source>更正</source>
            <translation>Amend</translation>
        </message>
        <message>
            <source>对已提交的记录新建一条更正记录，原记录保持不变</source>
            <translation>Create an amendment of the submitted record; the original stays unchanged</translation>
        </message>
        <message>
            <source>打印</source>
            <translation>Print</translation>
        </message>
        <message>
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>删除草稿</source>
            <translation>Delete draft</translation>
        </message>
        <message>
            <source>基本信息</source>
            <translation>Basic information</translation>
        </message>
        <message>
            <source>走访时间</source>
            <translation>Visit time</translation>
        </message>
        <message>
            <source>走访地点</source>
            <translation>Place</translation>
        </message>
        <message>
            <source>服务类型</source>
            <translation>Kind</translation>
        </message>
        <message>
            <source>不按此计划记录</source>
            <translation>Not for this plan</translation>
        </message>
        <message>
            <source>这次走访不是为了这项计划：记录不再关联它，计划保持未完成</source>
            <translation>This visit is not the one planned: the record no longer refers to the plan, which stays open</translation>
        </message>
        <message>
            <source>走访计划</source>
            <translation>Visit plans</translation>
        </message>
        <message>
            <source>安排回访…</source>
            <translation>Plan follow-up…</translation>
        </message>
        <message>
            <source>定点服务办结后，安排一次回访</source>
            <translation>Plan a follow-up visit after an on-demand service</translation>
        </message>
        <message>
            <source>回访</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>我方参加人员，用顿号分隔</source>
            <translation>Our participants, separated by 、</translation>
        </message>
        <message>
            <source>我方人员</source>
            <translation>Our participants</translation>
        </message>
        <message>
            <source>企业方参加人员及职务</source>
            <translation>Enterprise participants and their positions</translation>
        </message>
        <message>
            <source>企业方人员</source>
            <translation>Enterprise participants</translation>
        </message>
        <message>
            <source>服务事项</source>
            <translation>Service items</translation>
        </message>
        <message>
            <source>生命周期阶段</source>
            <translation>Lifecycle stage</translation>
        </message>
        <message>
            <source>走访内容</source>
            <translation>Visit content</translation>
        </message>
        <message>
            <source>服务内容、了解到的情况</source>
            <translation>What was done and learned</translation>
        </message>
        <message>
            <source>服务内容</source>
            <translation>Service content</translation>
        </message>
        <message>
            <source>企业存在的问题和困难</source>
            <translation>The enterprise's problems and difficulties</translation>
        </message>
        <message>
            <source>发现问题</source>
            <translation>Problems found</translation>
        </message>
        <message>
            <source>下一步跟进事项</source>
            <translation>Next steps</translation>
        </message>
        <message>
            <source>后续跟进</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>企业诉求</source>
            <translation>Demands raised</translation>
        </message>
        <message>
            <source>新增诉求</source>
            <translation>New demand</translation>
        </message>
        <message>
            <source>政策宣讲</source>
            <translation>Policies explained</translation>
        </message>
        <message>
            <source>推送政策</source>
            <translation>Push a policy</translation>
        </message>
        <message>
            <source>现场照片</source>
            <translation>Photos</translation>
        </message>
        <message>
            <source>添加照片</source>
            <extracomment>"正在下载照片 1/2：…" while photos come from the server, or why they are not here</extracomment>
            <translation>Add photos</translation>
        </message>
        <message>
            <source>删除选中照片</source>
            <translation>Remove selected photo</translation>
        </message>
        <message>
            <source>企业代表签名</source>
            <translation>Enterprise representative's signature</translation>
        </message>
        <message>
            <source>原记录与更正对照（黄色为改动）</source>
            <translation>Original and amendments side by side (changes in yellow)</translation>
        </message>
        <message>
            <source>查看原记录</source>
            <translation>Open the original</translation>
        </message>
        <message>
            <source>请从列表中选择企业</source>
            <translation>Choose an enterprise from the list</translation>
        </message>
        <message>
            <source>更正记录</source>
            <translation>Amendment</translation>
        </message>
        <message>
            <source>{theme}（{date} 的计划，提交后即完成）</source>
            <translation>{theme} (planned for {date}; done when this record is submitted)</translation>
        </message>
        <message>
            <source>（无计划，直接记录）</source>
            <translation>(no plan, recorded directly)</translation>
        </message>
        <message>
            <source>；</source>
            <translation>; </translation>
        </message>
        <message>
            <source>{date} 回访（{status}）</source>
            <translation>{date} follow-up ({status})</translation>
        </message>
        <message>
            <source>尚未安排回访</source>
            <translation>No follow-up planned yet</translation>
        </message>
        <message>
            <source>内容校验码：{hash}</source>
            <translation>Content hash: {hash}</translation>
        </message>
        <message>
            <source>草稿 · 最近保存 {time}</source>
            <translation>Draft · last saved {time}</translation>
        </message>
        <message>
            <source>提交于 {time}</source>
            <translation>Submitted {time}</translation>
        </message>
        <message>
            <source>主管退回修改：{reason}。请点“更正”新建更正记录，改好后提交。</source>
            <translation>Returned by your supervisor: {reason}. Click “Correct” to start a correction, then submit it.</translation>
        </message>
        <message>
            <source>这是一条更正记录：修改需要更正的内容后提交，原记录保持不变。</source>
            <translation>This is an amendment: correct what needs correcting and submit; the original stays unchanged.</translation>
        </message>
        <message>
            <source>有未保存的修改…</source>
            <translation>Unsaved changes…</translation>
        </message>
        <message>
            <source>已自动保存 {time}</source>
            <translation>Saved automatically {time}</translation>
        </message>
        <message>
            <source>保存失败</source>
            <translation>Save failed</translation>
        </message>
        <message>
            <source>提交走访记录</source>
            <translation>Submit visit record</translation>
        </message>
        <message>
            <source>提交后记录将锁定，不能再修改（只能新建更正记录）。确定提交吗？</source>
            <translation>Once submitted the record is locked and cannot be changed (only corrected by a new correction record). Submit it?</translation>
        </message>
        <message>
            <source>提交后记录将锁定，不能再修改。请先确认以下情况：</source>
            <translation>Once submitted the record is locked and cannot be changed. Please check first:</translation>
        </message>
        <message>
            <source>确定提交</source>
            <translation>Submit</translation>
        </message>
        <message>
            <source>返回修改</source>
            <translation>Go back and edit</translation>
        </message>
        <message>
            <source>记录已提交并锁定</source>
            <translation>Record submitted and locked</translation>
        </message>
        <message>
            <source>还有内容需要补充，请查看标红的栏目</source>
            <translation>Some fields still need filling in; see the ones marked in red</translation>
        </message>
        <message>
            <source>安排回访</source>
            <translation>Plan a follow-up visit</translation>
        </message>
        <message>
            <source>定点服务已办结。是否安排一次回访？建议日期：{date}</source>
            <translation>The on-demand service is closed. Plan a follow-up visit? Suggested date: {date}</translation>
        </message>
        <message>
            <source>暂不安排</source>
            <translation>Not now</translation>
        </message>
        <message>
            <source>已安排回访</source>
            <translation>Follow-up visit planned</translation>
        </message>
        <message>
            <source>请先在列表中选择要删除的草稿</source>
            <translation>Select the draft to delete in the list first</translation>
        </message>
        <message>
            <source>已删除草稿：{name}</source>
            <translation>Draft deleted: {name}</translation>
        </message>
        <message>
            <source>删除“{name}”的这份走访记录草稿？删除后不能恢复。</source>
            <translation>Delete this draft visit record for “{name}”? It cannot be restored.</translation>
        </message>
        <message>
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>选择现场照片</source>
            <translation>Choose photos</translation>
        </message>
        <message>
            <source>图片 (*.png *.jpg *.jpeg *.bmp *.gif)</source>
            <translation>Images (*.png *.jpg *.jpeg *.bmp *.gif)</translation>
        </message>
        <message>
            <source>已添加 {n} 张照片</source>
            <translation>{n} photos added</translation>
        </message>
        <message>
            <source>{name}（未下载）</source>
            <translation>{name} (not downloaded)</translation>
        </message>
        <message>
            <source>{name}：照片尚未下载到这台电脑</source>
            <translation>{name}: the photo has not been downloaded to this computer yet</translation>
        </message>
        <message>
            <source>正在准备下载照片…</source>
            <translation>Preparing to download photos…</translation>
        </message>
        <message>
            <source>企业走访记录表</source>
            <translation>Enterprise visit record</translation>
        </message>
        <message>
            <source>照片正在下载，下载完成后打开打印预览…</source>
            <translation>Photos are downloading; the print preview opens when they are in…</translation>
        </message>
        <message>
            <source>工作台账</source>
            <translation>Work ledger</translation>
        </message>
        <message>
            <source>原记录（{date}）</source>
            <translation>Original ({date})</translation>
        </message>
        <message>
            <source>更正 {n}（{status}）</source>
            <translation>Amendment {n} ({status})</translation>
        </message>
    </context>
    <context>
        <name>RecordTableModel</name>
        <message>
            <source>走访时间</source>
            <translation>Visit time</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>更正</source>
            <translation>Amend</translation>
        </message>
        <message>
            <source>同步</source>
            <translation>Sync</translation>
        </message>
        <message>
            <source>服务内容</source>
            <translation>Service content</translation>
        </message>
        <message>
            <source>退回原因</source>
            <translation>Reason returned</translation>
        </message>
    </context>
    <context>
        <name>RejectedDialog</name>
        <message>
            <source>被服务器退回的修改</source>
            <extracomment>an entry was sent again or given up</extracomment>
            <translation>Changes the server rejected</translation>
        </message>
        <message>
            <source>服务器没有接受下列修改，原因如下。请先按原因修改相应记录，再点“重试”重新上传；或点“放弃”撤销这项上传（本机记录暂时保留，下次同步时恢复为服务器上的内容）。</source>
            <translation>The server did not accept these changes, for the reasons shown. Fix the record as the reason says, then click “Retry” to send it again; or click “Discard” to drop the upload (the local record stays until a sync brings the server's version).</translation>
        </message>
        <message>
            <source>记录</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>操作</source>
            <translation>Action</translation>
        </message>
        <message>
            <source>修改的内容</source>
            <translation>Changed</translation>
        </message>
        <message>
            <source>服务器的原因</source>
            <translation>Server's reason</translation>
        </message>
        <message>
            <source>重试</source>
            <translation>Retry</translation>
        </message>
        <message>
            <source>放弃</source>
            <translation>Discard</translation>
        </message>
        <message>
            <source>关闭</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>放弃这项修改</source>
            <translation>Discard this change</translation>
        </message>
        <message>
            <source>放弃后这项修改不会再上传到服务器。确定放弃吗？</source>
            <translation>Once discarded, this change will not be sent to the server. Discard it?</translation>
        </message>
    </context>
    <context>
        <name>ReschedulePlanDialog</name>
        <message>
            <source>计划改期</source>
            <translation>Reschedule plan</translation>
        </message>
        <message>
            <source>新的日期</source>
            <translation>New date</translation>
        </message>
        <message>
            <source>改期原因（可选）</source>
            <translation>Why (optional)</translation>
        </message>
        <message>
            <source>改期原因</source>
            <translation>Reason</translation>
        </message>
    </context>
    <context>
        <name>RestoreDialog</name>
        <message>
            <source>从备份恢复</source>
            <translation>Restore from a backup</translation>
        </message>
        <message>
            <source>选择一份备份，输入制作这份备份时在本机登录用的密码。恢复会用备份替换本机数据；现在无法打开的数据不会删除，会改名保存在数据文件夹的 backups 文件夹中。</source>
            <translation>Choose a backup and enter the password you signed in with on this computer when it was made. Restoring replaces this computer's data with the backup; the data that cannot be opened now is not deleted but renamed and kept in the data folder's backups folder.</translation>
        </message>
        <message>
            <source>选择其他备份文件…</source>
            <translation>Choose another backup file…</translation>
        </message>
        <message>
            <source>未加密的旧备份可以不填</source>
            <translation>may be left empty for an old unencrypted backup</translation>
        </message>
        <message>
            <source>备份的密码</source>
            <translation>Backup password</translation>
        </message>
        <message>
            <source>恢复</source>
            <translation>Restore</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>继续登录</source>
            <translation>Continue to sign-in</translation>
        </message>
        <message>
            <source>自动</source>
            <translation>automatic</translation>
        </message>
        <message>
            <source>手动</source>
            <translation>manual</translation>
        </message>
        <message>
            <source>这个数据文件夹里没有备份；请用“选择其他备份文件…”选择一份</source>
            <translation>There are no backups in this data folder; use "Choose another backup file…"</translation>
        </message>
        <message>
            <source>文件：{name}</source>
            <translation>File: {name}</translation>
        </message>
        <message>
            <source>选择备份文件</source>
            <translation>Choose a backup file</translation>
        </message>
        <message>
            <source>FieldKit 备份 (*{suffix})</source>
            <translation>FieldKit backups (*{suffix})</translation>
        </message>
        <message>
            <source>正在检查密码并恢复…</source>
            <translation>Checking the password and restoring…</translation>
        </message>
        <message>
            <source>已恢复。请用备份时的账号和密码登录。</source>
            <translation>Restored. Sign in with the account and password of the time of the backup.</translation>
        </message>
        <message>
            <source>无法打开的原数据已另存在 {path}</source>
            <translation>The data that could not be opened is kept in {path}</translation>
        </message>
        <message>
            <source>恢复前的数据已另存为备份 {name}</source>
            <translation>The data before the restore was saved as the backup {name}</translation>
        </message>
    </context>
    <context>
        <name>ReviewRecordDialog</name>
        <message>
            <source>审阅走访记录</source>
            <translation>Review visit record</translation>
        </message>
        <message>
            <source>{time} {enterprise}（{staff}，{kind}）</source>
            <extracomment>what the last save did: reviewed or returned</extracomment>
            <translation>{time} {enterprise} ({staff}, {kind})</translation>
        </message>
        <message>
            <source> · 更正记录</source>
            <translation> · correction</translation>
        </message>
        <message>
            <source>生命周期阶段</source>
            <translation>Lifecycle stage</translation>
        </message>
        <message>
            <source>服务事项</source>
            <translation>Service items</translation>
        </message>
        <message>
            <source>服务内容</source>
            <translation>Service content</translation>
        </message>
        <message>
            <source>发现问题</source>
            <translation>Problems found</translation>
        </message>
        <message>
            <source>后续跟进</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>记录内容</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>退回修改时必须写明原因，产业助理更正时会看到</source>
            <translation>When returning, write the reason: the assistant reads it when correcting</translation>
        </message>
        <message>
            <source>审阅意见</source>
            <translation>Review note</translation>
        </message>
        <message>
            <source>审阅通过</source>
            <translation>Mark reviewed</translation>
        </message>
        <message>
            <source>退回修改</source>
            <translation>Return for correction</translation>
        </message>
    </context>
    <context>
        <name>Server</name>
        <message>
            <source>内置的 SQLite 数据库只由一个服务进程使用：要用多个进程（--workers {n}），请改用 PostgreSQL（--database-url postgresql+psycopg://…）</source>
            <translation>The built-in SQLite database is served by one process only: for several (--workers {n}) use PostgreSQL (--database-url postgresql+psycopg://…)</translation>
        </message>
        <message>
            <source>再次输入密码：</source>
            <translation>Password again: </translation>
        </message>
        <message>
            <source>把企业调整到另一个功能区</source>
            <translation>move an enterprise to another zone</translation>
        </message>
        <message>
            <source>把人员调整到另一个功能区</source>
            <translation>move a staff member to another zone</translation>
        </message>
        <message>
            <source>列出登录记录和管理操作记录</source>
            <translation>List sign-ins and admin actions</translation>
        </message>
        <message>
            <source>只列出此日期（本地时间）以来的记录</source>
            <translation>Only entries since this date (local time)</translation>
        </message>
        <message>
            <source>电脑交回而非丢失时用：设备在清除本机数据前还能上传一次尚未同步的更改（只能上传，不能下载）</source>
            <translation>for a laptop handed back, not lost: before it wipes its data the device may upload its unsent changes once more (upload only, no download)</translation>
        </message>
        <message>
            <source>从 .csv 或 .xlsx 文件批量导入企业或政策</source>
            <translation>bulk import of enterprises or policies from a .csv or .xlsx file</translation>
        </message>
        <message>
            <source>企业导入到此功能区（导入企业时必填）</source>
            <translation>the zone the enterprises go to (required for enterprises)</translation>
        </message>
        <message>
            <source>写入无误的行（不加此项只预览，不写入）</source>
            <translation>write the good rows (without it: a preview, nothing written)</translation>
        </message>
        <message>
            <source>有错误行时不再询问，导入其余各行</source>
            <translation>do not ask when some rows are bad; import the others</translation>
        </message>
        <message>
            <source>密码：</source>
            <translation>Password: </translation>
        </message>
        <message>
            <source>新密码：</source>
            <translation>New password: </translation>
        </message>
        <message>
            <source>不支持同步的数据类型：{table}</source>
            <translation>This kind of data does not sync: {table}</translation>
        </message>
        <message>
            <source>、</source>
            <translation>, </translation>
        </message>
        <message>
            <source>记录不存在或您无权访问</source>
            <translation>The record does not exist or you may not access it</translation>
        </message>
        <message>
            <source>您无权修改这条记录</source>
            <translation>You may not change this record</translation>
        </message>
        <message>
            <source>该企业已调整给其他人员包联，您上次同步时已收到此调整；此修改未被接受，已留存供主管处理</source>
            <translation>This enterprise has been reassigned to someone else, and your device had received that change when you made this edit; the edit was not applied and is kept for the supervisor</translation>
        </message>
        <message>
            <source>您的角色不能修改此类记录</source>
            <translation>Your role may not change this kind of record</translation>
        </message>
        <message>
            <source>“{fields}”填写不完整或格式不对；此修改未被接受，已留存</source>
            <translation>“{fields}”: incomplete or in the wrong format; the change was not applied and is kept</translation>
        </message>
        <message>
            <source>数据不完整或格式不对；此修改未被接受，已留存</source>
            <translation>The data is incomplete or in the wrong format; the change was not applied and is kept</translation>
        </message>
        <message>
            <source>变更来自另一台设备，已拒绝</source>
            <translation>The change comes from another device and was refused</translation>
        </message>
        <message>
            <source>变更的数据版本 {version} 与服务器不兼容</source>
            <translation>The change's data version {version} is not compatible with the server</translation>
        </message>
        <message>
            <source>统一社会信用代码无效</source>
            <translation>Invalid unified social credit code</translation>
        </message>
        <message>
            <source>统一社会信用代码已存在：请使用已有企业（编号 {id}）</source>
            <translation>The unified social credit code exists already: use the existing enterprise (id {id})</translation>
        </message>
        <message>
            <source>登录名已存在：请使用已有账号（编号 {id}）</source>
            <translation>The login exists already: use the existing account (id {id})</translation>
        </message>
        <message>
            <source>诉求状态不能从“{old}”变为“{new}”</source>
            <translation>A demand cannot go from “{old}” to “{new}”</translation>
        </message>
        <message>
            <source>该诉求已由他人{action}（当前状态：{state}）：请放弃本机的这次{action}</source>
            <translation>Someone else already did {action} on this demand (current state: {state}): please discard this {action} on this computer</translation>
        </message>
        <message>
            <source>该诉求已由他人办理（当前状态：{state}）：本机在“{old}”时所做的{action}未被接受，请放弃后按当前状态办理</source>
            <translation>Someone else has handled this demand (current state: {state}): the {action} made here while it was "{old}" was not accepted; discard it and continue from the current state</translation>
        </message>
        <message>
            <source>帮办代办状态不能从“{old}”变为“{new}”</source>
            <translation>A proxy service cannot go from “{old}” to “{new}”</translation>
        </message>
        <message>
            <source>政策申报状态不能从“{old}”变为“{new}”</source>
            <translation>A policy application cannot go from “{old}” to “{new}”</translation>
        </message>
        <message>
            <source>要求补正时须一次性列出需要补正的全部内容</source>
            <translation>A correction notice must list every correction required, all at once</translation>
        </message>
        <message>
            <source>该政策申报已于 {on} 一次性告知补正内容，不能再次要求补正；材料仍不符合的，请登记为未通过</source>
            <translation>This application was given its one-time correction notice on {on}; no second notice can be given. If the documents still do not comply, record it as not approved</translation>
        </message>
        <message>
            <source>服务记录状态不能从“{old}”变为“{new}”</source>
            <translation>A service record cannot go from “{old}” to “{new}”</translation>
        </message>
        <message>
            <source>已提交的服务记录不能修改，请新建更正记录</source>
            <translation>A submitted service record cannot be changed: create a correction instead</translation>
        </message>
        <message>
            <source>服务记录的内容校验码与内容不符</source>
            <translation>The service record's content check code does not match its content</translation>
        </message>
        <message>
            <source>服务事项“{codes}”不在服务事项目录中：此修改未被接受，已留存</source>
            <translation>Service item “{codes}” is not in the service-item catalogue: this change was not accepted and has been kept</translation>
        </message>
        <message>
            <source>该记录已被删除</source>
            <translation>This record has been deleted</translation>
        </message>
        <message>
            <source>同一操作中的另一项修改被拒绝，本项未生效</source>
            <translation>Another change of the same action was refused, so this one did not take effect</translation>
        </message>
        <message>
            <source>同一变更编号的内容不同，已拒绝</source>
            <translation>A different change with the same change id was refused</translation>
        </message>
        <message>
            <source>登录名或密码不正确</source>
            <translation>Wrong login or password</translation>
        </message>
        <message>
            <source>此设备已被停用，请联系管理员</source>
            <translation>This device has been disabled; please contact the administrator</translation>
        </message>
        <message>
            <source>登录失败次数过多，已暂时锁定：请在 {time}（约 {minutes} 分钟后）再试</source>
            <translation>Too many failed sign-ins; locked for now: try again at {time} (in about {minutes} min)</translation>
        </message>
        <message>
            <source>登录已失效，请重新登录</source>
            <translation>Your sign-in has expired; please sign in again</translation>
        </message>
        <message>
            <source>这是管理员开通账号时给的初始密码：请先设置您自己的新密码</source>
            <translation>This is the initial password the account was opened with: set your own new password first</translation>
        </message>
        <message>
            <source>密码至少需要 8 位</source>
            <translation>The password needs at least 8 characters</translation>
        </message>
        <message>
            <source>新密码不能与初始密码相同</source>
            <translation>The new password must differ from the initial one</translation>
        </message>
        <message>
            <source>只有主管或管理员可以开通登录账号；请联系本功能区主管</source>
            <translation>Only a supervisor or an administrator can open sign-in accounts; ask your zone's supervisor</translation>
        </message>
        <message>
            <source>主管只能为本功能区的助理开通登录账号；其他人员请联系管理员</source>
            <translation>A supervisor can open accounts only for the assistants of their own zone; for anyone else ask the administrator</translation>
        </message>
        <message>
            <source>服务器上还没有这名人员：请先同步，再开通账号</source>
            <translation>The server does not have this staff member yet: sync first, then open the account</translation>
        </message>
        <message>
            <source>该人员已停用，不能开通账号</source>
            <translation>This staff member is disabled; no account can be opened</translation>
        </message>
        <message>
            <source>该人员没有登录账号名：请先在人员信息中填写登录账号</source>
            <translation>This staff member has no login name: fill it in first</translation>
        </message>
        <message>
            <source>该人员已有登录账号；忘记密码的请由管理员重置</source>
            <translation>This staff member already has a sign-in account; a forgotten password is reset by the administrator</translation>
        </message>
        <message>
            <source>FieldKit 版本与服务器不兼容，请安装最新版本的 FieldKit</source>
            <translation>This FieldKit version is not compatible with the server; please install the latest FieldKit</translation>
        </message>
        <message>
            <source>FieldKit 版本过旧（数据版本 {client}），请升级到最新版本后再同步</source>
            <translation>This FieldKit is too old (data version {client}); please upgrade to the latest version, then sync</translation>
        </message>
        <message>
            <source>服务器版本较旧（数据版本 {server}），请联系管理员升级服务器后再同步</source>
            <translation>The server is older (data version {server}); please ask the administrator to upgrade it, then sync</translation>
        </message>
        <message>
            <source>服务器上没有您可以访问的这个附件：它尚未上传完成，或不在您的范围内</source>
            <translation>The server holds no file by this name that you may open: it is not fully uploaded yet, or it is outside your scope</translation>
        </message>
        <message>
            <source>附件太大（{size}），服务器最多接受 {limit}</source>
            <translation>The file is too large ({size}); the server accepts at most {limit}</translation>
        </message>
        <message>
            <source>一次上传的数据太多（最多 {limit}），请分块上传</source>
            <translation>Too much data in one request (at most {limit}); upload it in chunks</translation>
        </message>
        <message>
            <source>收到的附件内容与其校验码不符，已丢弃，请重新上传</source>
            <translation>The file received does not match its checksum; it was discarded, please upload it again</translation>
        </message>
        <message>
            <source>附件大小（{size} 字节）与已收到部分的大小（{held} 字节）不符</source>
            <translation>The file's size ({size} bytes) differs from the size of the part already received ({held} bytes)</translation>
        </message>
        <message>
            <source>上传的数据超出了附件的大小（{size} 字节）</source>
            <translation>The data sent goes past the end of the file ({size} bytes)</translation>
        </message>
        <message>
            <source>请求的范围超出了附件的大小（{size} 字节）</source>
            <translation>The range asked for lies beyond the end of the file ({size} bytes)</translation>
        </message>
        <message>
            <source>“{field}”太长：{length} 个字符，最多 {limit} 个；此修改未被接受，已留存</source>
            <translation>“{field}” is too long: {length} characters, at most {limit}; the change was not applied and is kept</translation>
        </message>
        <message>
            <source>“{field}”只能填写一行，不能含换行或制表符；此修改未被接受，已留存</source>
            <translation>“{field}” must be a single line, without line breaks or tabs; this change was not accepted and has been kept</translation>
        </message>
        <message>
            <source>“{field}”含有不可见的控制字符或无效字符；此修改未被接受，已留存</source>
            <translation>“{field}” contains invisible control characters or invalid characters; the change was not applied and is kept</translation>
        </message>
        <message>
            <source>变更的“{field}”含有不可见的控制字符或无效字符，已拒绝</source>
            <translation>The change's “{field}” contains invisible control characters or invalid characters and was refused</translation>
        </message>
        <message>
            <source>请求的数据无法读取（不是有效的 JSON 文本）</source>
            <translation>The request's data cannot be read (it is no valid JSON text)</translation>
        </message>
        <message>
            <source>请求的数据太多（最多 {limit}），请分批发送</source>
            <translation>The request carries too much data (at most {limit}): send it in smaller batches</translation>
        </message>
        <message>
            <source>服务器内部错误，已记录；请稍后再试，如仍出错请联系管理员</source>
            <translation>Internal server error (logged): try again later, and contact the administrator if it persists</translation>
        </message>
        <message>
            <source>其他人同时修改了相同的内容：已采用本次修改，原值已留存待确认</source>
            <translation>Someone else changed the same content at the same time: this change was applied and the earlier value kept for review</translation>
        </message>
    </context>
    <context>
        <name>SettingsDialog</name>
        <message>
            <source>设置</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>数据文件夹</source>
            <translation>Data folder</translation>
        </message>
        <message>
            <source>界面语言</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>服务器地址</source>
            <translation>Server address</translation>
        </message>
        <message>
            <source>自动锁定</source>
            <translation>Automatic lock</translation>
        </message>
        <message>
            <source>浏览…</source>
            <translation>Browse…</translation>
        </message>
        <message>
            <source>更改后需重新启动 FieldKit 才会生效；原文件夹中的数据不会被移动或删除。</source>
            <translation>Takes effect when FieldKit is restarted; the data in the old folder is neither moved nor deleted.</translation>
        </message>
        <message>
            <source>注意：当前数据文件夹由环境变量 FIELDKIT_DATA_DIR 指定，它优先于这里的设置。</source>
            <translation>Note: the data folder is currently set by the FIELDKIT_DATA_DIR environment variable, which takes precedence over this setting.</translation>
        </message>
        <message>
            <source>立即生效</source>
            <translation>Takes effect at once</translation>
        </message>
        <message>
            <source> 分钟</source>
            <translation> min</translation>
        </message>
        <message>
            <source>无操作达到这个时间后锁定窗口，需输入密码解锁；电脑休眠前也会锁定。</source>
            <translation>After this long without input the window locks and asks for the password; it also locks before the computer goes to sleep.</translation>
        </message>
        <message>
            <source>与服务器同步的功能尚未提供，这里只保存地址。</source>
            <translation>Syncing with the server is not available yet; only the address is saved.</translation>
        </message>
        <message>
            <source>确定</source>
            <translation>OK</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>应用</source>
            <translation>Apply</translation>
        </message>
        <message>
            <source>选择数据文件夹</source>
            <translation>Choose the data folder</translation>
        </message>
        <message>
            <source>已保存：下次启动时将使用 {folder}</source>
            <translation>Saved: {folder} will be used from the next start</translation>
        </message>
    </context>
    <context>
        <name>SignInAgainDialog</name>
        <message>
            <source>重新登录服务器</source>
            <extracomment>the server refused the sign-in because this device is revoked</extracomment>
            <translation>Sign in to the server again</translation>
        </message>
        <message>
            <source>服务器：{url}
账号：{login}</source>
            <translation>Server: {url}
Account: {login}</translation>
        </message>
        <message>
            <source>密码</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>登录</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>稍后</source>
            <translation>Later</translation>
        </message>
        <message>
            <source>请输入密码</source>
            <translation>Please enter the password</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <source>FieldKit 企业服务助手 — 登录</source>
            <translation>FieldKit — Sign in</translation>
        </message>
        <message>
            <source>界面语言</source>
            <extracomment>the store was inspected: first run or sign-in page is showing a demo progress line (emitted from the worker thread, delivered on the GUI thread) restores a backup over a store the password opened the key of but not the file (True: restored; the dialog then closes with :attr:`restore_done` and the caller reopens) shown on the first-run page (e.g. why the local data was wiped) the wrong-password slow-down of this data folder (kept beside the database) the store is encrypted and not yet unlocked (nothing is read before the sign-in)</extracomment>
            <translation>Language</translation>
        </message>
        <message>
            <source>正在打开本机数据…</source>
            <translation>Opening the data on this computer…</translation>
        </message>
        <message>
            <source>欢迎使用 FieldKit。本程序离线工作：走访记录、诉求和政策都保存在这台电脑上，回到有网络的地方再与服务器同步。
请选择如何开始：</source>
            <translation>Welcome to FieldKit. It works offline: visit records, demands and policies are kept on this computer and synced with the server when you are back online.
How would you like to start?</translation>
        </message>
        <message>
            <source>连接服务器</source>
            <translation>Connect to a server</translation>
        </message>
        <message>
            <source>由服务器验证您的账号，下载您负责的企业和记录，并设置本机离线登录密码。</source>
            <translation>The server checks your account, downloads your enterprises and records, and sets your offline password on this computer.</translation>
        </message>
        <message>
            <source>试用演示数据</source>
            <translation>Try the demo</translation>
        </message>
        <message>
            <source>账号</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>返回</source>
            <translation>Back</translation>
        </message>
        <message>
            <source>生成一个虚构的产业功能区（{n} 家企业及其走访、诉求和政策），以演示账号登录：一名产业助理，只看到他包联的那部分企业（主管账号看到全区）。</source>
            <translation>Generate a fictitious industrial zone ({n} enterprises with their visits, demands and policies) and sign in with the demo account: an industry assistant, who sees only the enterprises assigned to him (a supervisor's account sees the whole zone).</translation>
        </message>
        <message>
            <source>正在生成演示数据，请稍候…</source>
            <translation>Creating the demo data, please wait…</translation>
        </message>
        <message>
            <source>密码</source>
            <translation>Password</translation>
        </message>
        <message>
            <source>离线登录：使用在本机设置的密码。</source>
            <translation>Offline sign-in: use the password set on this computer.</translation>
        </message>
        <message>
            <source>登录</source>
            <translation>Sign in</translation>
        </message>
        <message>
            <source>退出</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>从备份恢复…</source>
            <translation>Restore from a backup…</translation>
        </message>
        <message>
            <source>这是演示数据。演示账号：{login}，密码：{password}</source>
            <translation>This is demo data. Demo account: {login}, password: {password}</translation>
        </message>
        <message>
            <source>FieldKit 企业服务助手</source>
            <translation>FieldKit enterprise service assistant</translation>
        </message>
        <message>
            <source>FieldKit 企业服务助手 — 连接服务器</source>
            <translation>FieldKit enterprise service assistant — connect to the server</translation>
        </message>
        <message>
            <source>FieldKit 企业服务助手 — 演示数据</source>
            <translation>FieldKit enterprise service assistant — demo data</translation>
        </message>
        <message>
            <source>欢迎使用 FieldKit</source>
            <translation>Welcome to FieldKit</translation>
        </message>
        <message>
            <source>离线登录</source>
            <translation>Sign in offline</translation>
        </message>
        <message>
            <source>本机已有数据，不能再生成演示数据。</source>
            <translation>This computer already holds data; demo data cannot be added to it.</translation>
        </message>
        <message>
            <source>无法打开本机数据：{error}</source>
            <translation>Cannot open the data on this computer: {error}</translation>
        </message>
        <message>
            <source>请输入账号和密码</source>
            <translation>Enter your account and password</translation>
        </message>
        <message>
            <source>密码错误次数过多，请在 {seconds} 秒后再试</source>
            <translation>Too many wrong passwords: try again in {seconds} s</translation>
        </message>
        <message>
            <source>本机还没有账号“{login}”的资料。</source>
            <translation>This computer has no data for the account “{login}”.</translation>
        </message>
        <message>
            <source>演示数据中没有演示账号</source>
            <translation>the demo data has no demo account</translation>
        </message>
        <message>
            <source>生成演示数据失败：{error}</source>
            <translation>Could not create the demo data: {error}</translation>
        </message>
    </context>
    <context>
        <name>SignaturePad</name>
        <message>
            <source>请企业代表在此处签名</source>
            <extracomment>a stroke was finished (pen lifted)</extracomment>
            <translation>Enterprise representative: sign here</translation>
        </message>
        <message>
            <source>清除</source>
            <translation>Clear</translation>
        </message>
        <message>
            <source>清除签名重新签</source>
            <translation>Clear the signature and sign again</translation>
        </message>
        <message>
            <source>（未签名）</source>
            <translation>(not signed)</translation>
        </message>
    </context>
    <context>
        <name>StaffDialog</name>
        <message>
            <source>修改服务人员</source>
            <translation>Edit staff member</translation>
        </message>
        <message>
            <source>新建服务人员</source>
            <translation>New staff member</translation>
        </message>
        <message>
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>小写字母和数字，如 lina</source>
            <translation>Lower-case letters and digits, e.g. lina</translation>
        </message>
        <message>
            <source>登录账号</source>
            <translation>Sign-in name</translation>
        </message>
        <message>
            <source>人员类型</source>
            <translation>Specialist type</translation>
        </message>
        <message>
            <source>手机号或带区号的固话</source>
            <translation>Mobile, or landline with area code</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>所在部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>在岗（停用后不能再登录，包联和记录保留）</source>
            <translation>In post (a disabled member cannot sign in; assignments and records stay)</translation>
        </message>
        <message>
            <source>新建的人员同步到服务器后，由管理员开通登录账号。</source>
            <translation>Once the new member has synced to the server, an administrator opens their sign-in account.</translation>
        </message>
        <message>
            <source>保存</source>
            <translation>Save</translation>
        </message>
    </context>
    <context>
        <name>StaffPanel</name>
        <message>
            <source>新建人员</source>
            <translation>New staff member</translation>
        </message>
        <message>
            <source>修改…</source>
            <translation>Edit…</translation>
        </message>
        <message>
            <source>开通账号…</source>
            <translation>Open account…</translation>
        </message>
        <message>
            <source>开通账号需要连接服务器：本机尚未登录服务器（演示数据或仅在本机使用）</source>
            <translation>Opening an account needs the server: this computer is not signed in to a server (demo data or local use only)</translation>
        </message>
        <message>
            <source>该人员已停用，不能开通账号</source>
            <translation>This staff member is disabled; no account can be opened</translation>
        </message>
        <message>
            <source>在服务器上为选中的人员开通登录账号，生成一次性初始密码</source>
            <translation>Open a sign-in account on the server for the selected person, with a one-time initial password</translation>
        </message>
        <message>
            <source>共 {n} 人；主管可新建和修改本功能区的助理和专员</source>
            <translation>{n} people; a supervisor creates and edits the assistants and specialists of their zone</translation>
        </message>
        <message>
            <source>还没有服务人员：点“新建人员”添加</source>
            <translation>No staff yet: click “New staff member” to add one</translation>
        </message>
        <message>
            <source>；本机未连接服务器，暂不能开通账号</source>
            <translation>; not connected to a server, so accounts cannot be opened</translation>
        </message>
        <message>
            <source>开通账号</source>
            <translation>Open account</translation>
        </message>
        <message>
            <source>为 {name}（{login}）在服务器上开通登录账号？
服务器会生成一次性初始密码，只显示这一次；本人第一次登录时须设置自己的新密码。</source>
            <translation>Open a sign-in account on the server for {name} ({login})?
The server makes a one-time initial password, shown only once; the person sets their own password at their first sign-in.</translation>
        </message>
        <message>
            <source>开通</source>
            <translation>Open</translation>
        </message>
        <message>
            <source>取消</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>正在服务器上开通 {login} 的账号…</source>
            <translation>Opening the account of {login} on the server…</translation>
        </message>
        <message>
            <source>已为 {name} 开通登录账号：{login}</source>
            <translation>Sign-in account opened for {name}: {login}</translation>
        </message>
        <message>
            <source>一次性初始密码：{password}
请当面或电话告知本人（此密码只显示这一次）；本人第一次连接服务器时须设置自己的新密码。</source>
            <translation>One-time initial password: {password}
Tell the person in person or by phone (it is shown only this once); they must set their own password when they first connect to the server.</translation>
        </message>
        <message>
            <source>账号已开通</source>
            <translation>Account opened</translation>
        </message>
        <message>
            <source>未能为 {name} 开通账号：{reason}</source>
            <translation>Could not open an account for {name}: {reason}</translation>
        </message>
    </context>
    <context>
        <name>StaffSummaryTableModel</name>
        <message>
            <source>本期已提交的现场服务和定点服务记录；退回修改的记录由其更正记录计一次，调查记录和其他更正记录不计入</source>
            <translation>Submitted on-site and on-demand service records of the period; a record returned for correction counts once through its amendments; surveys and other amendments are not counted</translation>
        </message>
        <message>
            <source>服务人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>走访次数</source>
            <translation>Visits</translation>
        </message>
        <message>
            <source>包联企业</source>
            <translation>Assigned</translation>
        </message>
        <message>
            <source>已覆盖</source>
            <translation>Covered</translation>
        </message>
        <message>
            <source>覆盖率</source>
            <translation>Coverage</translation>
        </message>
        <message>
            <source>新增诉求</source>
            <translation>New demand</translation>
        </message>
        <message>
            <source>按时办结</source>
            <translation>Closed on time</translation>
        </message>
        <message>
            <source>逾期办结</source>
            <translation>Closed late</translation>
        </message>
        <message>
            <source>逾期未办</source>
            <translation>Overdue open</translation>
        </message>
        <message>
            <source>按时率</source>
            <translation>On time %</translation>
        </message>
        <message>
            <source>帮办办结</source>
            <translation>Proxies completed</translation>
        </message>
        <message>
            <source>政策推送</source>
            <translation>Policy pushes</translation>
        </message>
        <message>
            <source>满意度</source>
            <translation>Satisfaction</translation>
        </message>
    </context>
    <context>
        <name>StaffTableModel</name>
        <message>
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>登录账号</source>
            <translation>Sign-in name</translation>
        </message>
        <message>
            <source>角色</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>人员类型</source>
            <translation>Specialist type</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>所在部门</source>
            <translation>Department</translation>
        </message>
        <message>
            <source>包联企业</source>
            <translation>Enterprises</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>State</translation>
        </message>
        <message>
            <source>在岗</source>
            <translation>In post</translation>
        </message>
        <message>
            <source>已停用</source>
            <translation>Disabled</translation>
        </message>
    </context>
    <context>
        <name>StartSplash</name>
        <message>
            <source>FieldKit 企业服务助手</source>
            <translation>FieldKit enterprise service assistant</translation>
        </message>
        <message>
            <source>版本 {version}</source>
            <translation>Version {version}</translation>
        </message>
        <message>
            <source>正在启动…</source>
            <translation>Starting…</translation>
        </message>
    </context>
    <context>
        <name>Store</name>
        <message>
            <source>数据文件 {path} 已损坏或不是 FieldKit 的数据库，无法打开。文件未作任何改动。可以从备份恢复，或打开其他数据文件夹。</source>
            <translation>The data file {path} is damaged or not a FieldKit database and cannot be opened. The file was not changed. You can restore it from a backup or open another data folder.</translation>
        </message>
        <message>
            <source>文件 {path} 是其他程序的数据库，不是 FieldKit 的数据。FieldKit 不会使用或改动它。请选择其他数据文件夹。</source>
            <translation>The file {path} is another program's database, not FieldKit data. FieldKit will neither use nor change it. Please choose another data folder.</translation>
        </message>
        <message>
            <source>数据文件 {path} 由更新版本的 FieldKit 创建（数据库版本 {revision}），此版本无法打开。请升级 FieldKit，或打开其他数据文件夹。</source>
            <translation>The data file {path} was created by a newer version of FieldKit (database version {revision}) and cannot be opened by this version. Please update FieldKit or open another data folder.</translation>
        </message>
        <message>
            <source>数据文件夹 {path} 是只读的，无法写入。请检查文件夹权限，或打开其他数据文件夹。</source>
            <translation>The data folder {path} is read-only and cannot be written. Please check the folder's permissions or open another data folder.</translation>
        </message>
        <message>
            <source>磁盘已满，数据未能写入 {path}。已有数据没有受损；请腾出磁盘空间后重试。</source>
            <translation>The disk is full; the data could not be written to {path}. The existing data is not damaged; free some disk space and try again.</translation>
        </message>
        <message>
            <source>数据正被另一个程序使用（{path}），例如另一个 FieldKit 窗口或命令。请稍后再试。</source>
            <translation>The data is in use by another program ({path}), such as another FieldKit window or command. Please try again later.</translation>
        </message>
        <message>
            <source>{path} 是一个文件，不是文件夹。请用 --data-dir 指定一个数据文件夹。</source>
            <translation>{path} is a file, not a folder. Please name a data folder with --data-dir.</translation>
        </message>
        <message>
            <source>无法读取数据文件 {path}（{reason}）。请检查文件和文件夹的权限，或打开其他数据文件夹。</source>
            <translation>The data file {path} cannot be read ({reason}). Please check the permissions of the file and folder or open another data folder.</translation>
        </message>
    </context>
    <context>
        <name>StoreErrors</name>
        <message>
            <source>磁盘已满，刚才的修改没有保存。请腾出磁盘空间（删除不需要的文件）后重试。</source>
            <translation>The disk is full; the change was not saved. Free some disk space (delete files you do not need) and try again.</translation>
        </message>
        <message>
            <source>数据正被另一个程序使用（例如另一个 FieldKit 窗口或正在同步），刚才的修改没有保存。请稍后重试。</source>
            <translation>The data is in use by another program (another FieldKit window, or a sync); the change was not saved. Please try again shortly.</translation>
        </message>
        <message>
            <source>数据文件夹是只读的，无法保存修改。请检查文件夹的权限，或换一个可写入的数据文件夹。</source>
            <translation>The data folder is read-only; changes cannot be saved. Check the folder's permissions or choose a writable data folder.</translation>
        </message>
        <message>
            <source>读写磁盘出错，刚才的修改没有保存。请检查磁盘或 U 盘是否已拔出，然后重试。</source>
            <translation>Reading or writing the disk failed; the change was not saved. Check that the disk or USB drive is still connected and try again.</translation>
        </message>
        <message>
            <source>数据文件已损坏，无法读写。请从备份恢复，或换一个数据文件夹。</source>
            <translation>The data file is damaged and cannot be read or written. Restore a backup or choose another data folder.</translation>
        </message>
        <message>
            <source>{label}“{value}”已被使用，请换一个</source>
            <translation>{label} “{value}” is already in use; please choose another</translation>
        </message>
        <message>
            <source>{label}与已有的记录重复，请换一个</source>
            <translation>{label} duplicates an existing record; please choose another</translation>
        </message>
        <message>
            <source>请填写{label}</source>
            <translation>Please fill in {label}</translation>
        </message>
        <message>
            <source>所引用的记录不存在或已被删除（可能已被同步删除），请刷新后重试</source>
            <translation>A record this refers to does not exist or was deleted (perhaps by a sync); refresh and try again</translation>
        </message>
        <message>
            <source>{label}的值不允许</source>
            <translation>This value of {label} is not allowed</translation>
        </message>
        <message>
            <source>数据库出错，刚才的修改没有保存：{detail}</source>
            <translation>Database error; the change was not saved: {detail}</translation>
        </message>
    </context>
    <context>
        <name>StoreProblemDialog</name>
        <message>
            <source>无法打开数据</source>
            <translation>Cannot open the data</translation>
        </message>
        <message>
            <source>数据文件没有被改动。请选择下一步：</source>
            <translation>The data file was not changed. What next?</translation>
        </message>
        <message>
            <source>打开其他数据文件夹…</source>
            <translation>Open another data folder…</translation>
        </message>
        <message>
            <source>从备份恢复…</source>
            <translation>Restore from a backup…</translation>
        </message>
        <message>
            <source>没有可用的备份恢复功能，或恢复帮不上这个问题</source>
            <translation>No backup restore is available, or restoring would not help with this problem</translation>
        </message>
        <message>
            <source>退出</source>
            <translation>Quit</translation>
        </message>
        <message>
            <source>选择数据文件夹</source>
            <translation>Choose a data folder</translation>
        </message>
    </context>
    <context>
        <name>SupervisorView</name>
        <message>
            <source>主管考核</source>
            <translation>Supervision</translation>
        </message>
        <message>
            <source>考核期</source>
            <translation>Period</translation>
        </message>
        <message>
            <source>本季度</source>
            <translation>This quarter</translation>
        </message>
        <message>
            <source>本月</source>
            <translation>This month</translation>
        </message>
        <message>
            <source>上季度</source>
            <translation>Last quarter</translation>
        </message>
        <message>
            <source>自定义</source>
            <translation>Custom</translation>
        </message>
        <message>
            <source>查询</source>
            <translation>Show</translation>
        </message>
        <message>
            <source>打印工作台账</source>
            <translation>Print work ledger</translation>
        </message>
        <message>
            <source>打印汇总表</source>
            <translation>Print summary</translation>
        </message>
        <message>
            <source>台账汇总</source>
            <translation>Ledger summary</translation>
        </message>
        <message>
            <source>图表</source>
            <translation>Charts</translation>
        </message>
        <message>
            <source>考核</source>
            <translation>Assessments</translation>
        </message>
        <message>
            <source>包联调整</source>
            <translation>Assignments</translation>
        </message>
        <message>
            <source>投诉处理</source>
            <translation>Complaints</translation>
        </message>
        <message>
            <source>记录审阅</source>
            <translation>Record review</translation>
        </message>
        <message>
            <source>人员管理</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>已显示 {0} / 共 {1} 人</source>
            <translation>Showing {0} of {1} people</translation>
        </message>
        <message>
            <source>选择一位服务人员查看其台账</source>
            <translation>Select a staff member to see their ledger</translation>
        </message>
        <message>
            <source>走访记录</source>
            <translation>Visit record</translation>
        </message>
        <message>
            <source>诉求</source>
            <translation>Demands</translation>
        </message>
        <message>
            <source>帮办代办</source>
            <translation>Proxy services</translation>
        </message>
        <message>
            <source>政策推送</source>
            <translation>Policy pushes</translation>
        </message>
        <message>
            <source>各服务人员走访覆盖率（%）</source>
            <translation>Visit coverage per staff member (%)</translation>
        </message>
        <message>
            <source>诉求办结情况（按月）</source>
            <translation>Demands closed per month</translation>
        </message>
        <message>
            <source>考核打分</source>
            <translation>Score assessment</translation>
        </message>
        <message>
            <source>总分 = 服务质效 × 40% + 服务态度 × 30% + 企业满意度 × 30%</source>
            <translation>Total = effect × 40% + attitude × 30% + satisfaction × 30%</translation>
        </message>
        <message>
            <source>搜索企业名称、拼音首字母或信用代码</source>
            <translation>Search enterprise name, pinyin initials or credit code</translation>
        </message>
        <message>
            <source>全部服务人员</source>
            <translation>All service staff</translation>
        </message>
        <message>
            <source>未包联</source>
            <translation>Unassigned</translation>
        </message>
        <message>
            <source>调整包联</source>
            <translation>Reassign</translation>
        </message>
        <message>
            <source>包联历史</source>
            <translation>Assignment history</translation>
        </message>
        <message>
            <source>标记为重大投诉</source>
            <translation>Mark as major complaint</translation>
        </message>
        <message>
            <source>本期已提交、待审阅的走访记录</source>
            <translation>Records submitted in the period, waiting for review</translation>
        </message>
        <message>
            <source>已显示 {0} / 共 {1} 条</source>
            <translation>Showing {0} of {1}</translation>
        </message>
        <message>
            <source>审阅</source>
            <translation>Review</translation>
        </message>
        <message>
            <source>查看记录</source>
            <translation>Open record</translation>
        </message>
        <message>
            <source>结束日期不能早于开始日期</source>
            <translation>The end date cannot be before the start date</translation>
        </message>
        <message>
            <source>{name}：正在加载台账…</source>
            <translation>{name}: loading the ledger…</translation>
        </message>
        <message>
            <source>覆盖率</source>
            <translation>Coverage</translation>
        </message>
        <message>
            <source>按时办结</source>
            <translation>Closed on time</translation>
        </message>
        <message>
            <source>逾期办结</source>
            <translation>Closed late</translation>
        </message>
        <message>
            <source>已显示 {0} / 共 {1} 家</source>
            <translation>Showing {0} of {1}</translation>
        </message>
        <message>
            <source>{name}（{type}）{start} 至 {end}：走访记录 {records} 条（计走访次数 {visits}，其中现场 {onsite}），诉求 {demands} 件（办结 {closed}，逾期 {overdue}），帮办代办 {proxies} 项，政策推送 {pushes} 次</source>
            <translation>{name} ({type}) {start} to {end}: {records} visit records ({visits} counted as visits, {onsite} of them on site), {demands} demands ({closed} closed, {overdue} overdue), {proxies} proxy services, {pushes} policy pushes</translation>
        </message>
        <message>
            <source>考核已保存</source>
            <translation>Assessment saved</translation>
        </message>
        <message>
            <source>包联已调整</source>
            <translation>Assignment changed</translation>
        </message>
        <message>
            <source>已审阅</source>
            <translation>Reviewed</translation>
        </message>
        <message>
            <source>已退回修改，产业助理会看到退回原因</source>
            <translation>Returned for correction; the assistant will see the reason</translation>
        </message>
        <message>
            <source>请先在台账汇总中选择一位服务人员</source>
            <translation>First select a staff member in the ledger summary</translation>
        </message>
        <message>
            <source>工作台账</source>
            <translation>Work ledger</translation>
        </message>
        <message>
            <source>服务人员工作汇总表</source>
            <translation>Staff work summary</translation>
        </message>
    </context>
    <context>
        <name>Sync</name>
        <message>
            <source>这是演示数据，不能同步到服务器；请连接服务器新建工作数据</source>
            <translation>This is demo data and cannot be synced to a server; connect to the server to start your working data</translation>
        </message>
        <message>
            <source>找不到该冲突记录</source>
            <translation>That conflict no longer exists</translation>
        </message>
        <message>
            <source>此数据文件夹属于账号 {login}；其他账号请使用另一个数据文件夹</source>
            <translation>This data folder belongs to account {login}; use another data folder for another account</translation>
        </message>
        <message>
            <source>找不到这名人员</source>
            <translation>This staff member was not found</translation>
        </message>
        <message>
            <source>“{name}”还没有同步到服务器：请先同步，再开通账号</source>
            <translation>{name} has not been synced to the server yet: sync first, then open the account</translation>
        </message>
        <message>
            <source>上传更改</source>
            <translation>Sending changes</translation>
        </message>
        <message>
            <source>上传附件</source>
            <translation>Uploading attachments</translation>
        </message>
        <message>
            <source>下载数据</source>
            <translation>Receiving data</translation>
        </message>
        <message>
            <source>下载附件</source>
            <translation>Downloading attachments</translation>
        </message>
        <message>
            <source>核对数据</source>
            <translation>Checking data</translation>
        </message>
        <message>
            <source>更新搜索索引</source>
            <translation>Updating the search index</translation>
        </message>
        <message>
            <source>同步完成：上传 {pushed} 项更改，下载 {pulled} 行，冲突 {conflicts} 项，被拒绝 {rejected} 项</source>
            <translation>Sync finished: sent {pushed} changes, received {pulled} rows, conflicts {conflicts}, rejected {rejected}</translation>
        </message>
        <message>
            <source>密码：</source>
            <translation>Password: </translation>
        </message>
        <message>
            <source>服务器地址（首次同步时必填）</source>
            <translation>server address (required the first time)</translation>
        </message>
        <message>
            <source>服务器账号（首次同步时必填）；之后为本机登录账号（默认：上次登录的账号）</source>
            <translation>server account (required the first time); later the local sign-in (default: the last one signed in)</translation>
        </message>
        <message>
            <source>信任的 CA 证书文件（PEM，本区自建证书颁发机构时使用；会记住）</source>
            <translation>CA certificate file to trust (PEM, for a zone with its own certificate authority; remembered)</translation>
        </message>
        <message>
            <source>不显示进度</source>
            <translation>do not show progress</translation>
        </message>
        <message>
            <source>被拒绝（{table} {id}）：{reason}</source>
            <translation>Rejected ({table} {id}): {reason}</translation>
        </message>
        <message>
            <source>有 {n} 处冲突待处理：请在程序的“同步冲突”页面逐项决定</source>
            <translation>{n} conflicts to decide: open the Sync conflicts page in the program and decide each one</translation>
        </message>
        <message>
            <source>，还需约 {s} 秒</source>
            <translation>, about {s} s left</translation>
        </message>
        <message>
            <source>找不到 CA 证书文件：{path}</source>
            <translation>CA certificate file not found: {path}</translation>
        </message>
        <message>
            <source>设置新密码：在环境变量 FIELDKIT_NEW_PASSWORD 中填写新密码（至少 8 位）后再运行此命令</source>
            <translation>To set the new password, put it (at least 8 characters) in the environment variable FIELDKIT_NEW_PASSWORD and run this command again</translation>
        </message>
        <message>
            <source>首次同步需要同时填写 --server 和 --login</source>
            <translation>The first sync needs both --server and --login</translation>
        </message>
        <message>
            <source>请输入密码（或设置环境变量 FIELDKIT_PASSWORD）</source>
            <translation>Enter the password (or set the FIELDKIT_PASSWORD environment variable)</translation>
        </message>
        <message>
            <source>重新登录：fieldkit sync --server {url} --login {login}</source>
            <translation>Sign in again: fieldkit sync --server {url} --login {login}</translation>
        </message>
        <message>
            <source>账号或密码错误</source>
            <translation>Wrong account or password</translation>
        </message>
        <message>
            <source>服务器的应答格式不对</source>
            <translation>the server's answer is not in the expected format</translation>
        </message>
        <message>
            <source>未知的处理方式：{decision}</source>
            <translation>Unknown decision: {decision}</translation>
        </message>
        <message>
            <source>同步失败</source>
            <translation>Sync failed</translation>
        </message>
        <message>
            <source>无法连接服务器，请检查网络；更改已保存在本机，联网后再同步</source>
            <translation>Cannot reach the server; check the network. Your changes are saved on this computer and will sync once online</translation>
        </message>
        <message>
            <source>无法验证服务器的安全证书，连接已中止。如果本区使用自己的证书颁发机构，请在“高级”中填写其 CA 证书文件（命令行 --ca-bundle 或环境变量 FIELDKIT_CA_BUNDLE）</source>
            <translation>The server's security certificate could not be verified; the connection was stopped. If your zone runs its own certificate authority, enter its CA certificate file under "Advanced" (--ca-bundle on the command line, or the FIELDKIT_CA_BUNDLE environment variable)</translation>
        </message>
        <message>
            <source>登录已失效，请重新登录服务器；未同步的更改仍保留在本机</source>
            <translation>Your sign-in has expired; sign in to the server again. Changes not yet synced are kept on this computer</translation>
        </message>
        <message>
            <source>此设备已被管理员停用</source>
            <translation>This device has been revoked by the administrator</translation>
        </message>
        <message>
            <source>这是开通账号时给的初始密码：请设置您自己的新密码后登录</source>
            <translation>This is the initial password the account was opened with: set your own new password to sign in</translation>
        </message>
        <message>
            <source>服务器拒绝了此操作：{detail}</source>
            <translation>The server refused: {detail}</translation>
        </message>
        <message>
            <source>程序版本与服务器不兼容：{detail}</source>
            <translation>This program and the server are not compatible: {detail}</translation>
        </message>
        <message>
            <source>服务器出错，请稍后再试（{detail}）</source>
            <translation>The server failed; try again later ({detail})</translation>
        </message>
        <message>
            <source>同步已取消；已完成的部分已保存</source>
            <translation>Sync cancelled; what was done so far is saved</translation>
        </message>
        <message>
            <source>服务器上没有这个附件</source>
            <translation>The server does not have this attachment</translation>
        </message>
        <message>
            <source>附件校验失败，将重新传输</source>
            <translation>The attachment failed its check and will be transferred again</translation>
        </message>
        <message>
            <source>尚未连接服务器，请先填写服务器地址和账号</source>
            <translation>Not connected to a server yet: enter the server address and account first</translation>
        </message>
        <message>
            <source>功能区</source>
            <translation>zone</translation>
        </message>
        <message>
            <source>人员</source>
            <translation>staff member</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>enterprise</translation>
        </message>
        <message>
            <source>包联关系</source>
            <translation>assignment</translation>
        </message>
        <message>
            <source>走访计划</source>
            <translation>visit plan</translation>
        </message>
        <message>
            <source>服务记录</source>
            <translation>service record</translation>
        </message>
        <message>
            <source>诉求</source>
            <translation>demand</translation>
        </message>
        <message>
            <source>诉求办理记录</source>
            <translation>demand history entry</translation>
        </message>
        <message>
            <source>代办服务</source>
            <translation>proxy service</translation>
        </message>
        <message>
            <source>代办进度</source>
            <translation>proxy milestone</translation>
        </message>
        <message>
            <source>政策</source>
            <translation>policy</translation>
        </message>
        <message>
            <source>政策推送</source>
            <translation>policy push</translation>
        </message>
        <message>
            <source>政策申报</source>
            <translation>policy application</translation>
        </message>
        <message>
            <source>服务评价</source>
            <translation>evaluation</translation>
        </message>
        <message>
            <source>考核</source>
            <translation>assessment</translation>
        </message>
        <message>
            <source>附件</source>
            <translation>attachment</translation>
        </message>
        <message>
            <source>记录</source>
            <translation>record</translation>
        </message>
        <message>
            <source>此设备已被管理员停用。服务器仍接受的更改已上传；本机的数据（数据库、附件、密钥和备份）已清除。如需继续使用，请联系管理员，然后重新连接服务器。</source>
            <translation>This device has been revoked by the administrator. The changes the server still accepted were uploaded; the data on this computer (database, attachments, keys and backups) has been erased. To go on working, contact the administrator, then connect to the server again.</translation>
        </message>
        <message>
            <source>有 {n} 项更改未能上传，已随本机数据一起清除。</source>
            <translation>{n} changes could not be uploaded and were erased with the local data.</translation>
        </message>
        <message>
            <source>以下文件未能删除，请手动删除：{files}</source>
            <translation>These files could not be deleted; please delete them by hand: {files}</translation>
        </message>
    </context>
    <context>
        <name>SyncIndicator</name>
        <message>
            <source>● 在线</source>
            <extracomment>a view class: ``cls(ctx, runner)`` builds the view (see the contract above) the view class; the views built on first use are imported then (start-up stays fast) navigation order how often the window checks whether a new day has begun (for the daily automatic 催办)</extracomment>
            <translation>● Online</translation>
        </message>
        <message>
            <source>可以连接服务器 {url}</source>
            <translation>Server {url} is reachable</translation>
        </message>
        <message>
            <source>● 离线</source>
            <translation>● Offline</translation>
        </message>
        <message>
            <source>未连接服务器</source>
            <translation>Not connected to a server</translation>
        </message>
        <message>
            <source>无法连接服务器 {url}</source>
            <translation>Cannot reach server {url}</translation>
        </message>
        <message>
            <source>待同步 …</source>
            <translation>Waiting …</translation>
        </message>
        <message>
            <source>演示数据（不同步）</source>
            <translation>Demo data (not synced)</translation>
        </message>
        <message>
            <source>这是演示数据，修改只留在本机；连接服务器会在旁边新建工作数据</source>
            <translation>This is demo data: changes stay on this computer; connecting to a server creates working data beside it</translation>
        </message>
        <message>
            <source>待同步 {n} 项</source>
            <translation>Waiting to sync: {n}</translation>
        </message>
        <message>
            <source>本机有 {n} 项修改等待上传到服务器</source>
            <translation>{n} changes on this computer are waiting to be uploaded</translation>
        </message>
        <message>
            <source>需要您决定保留哪一方的修改：点击处理</source>
            <translation>You need to decide which change to keep: click to decide</translation>
        </message>
        <message>
            <source>没有同步冲突</source>
            <translation>No sync conflicts</translation>
        </message>
        <message>
            <source>被退回 {n} 项</source>
            <translation>{n} rejected</translation>
        </message>
        <message>
            <source>服务器没有接受这些修改：点击查看原因、重试或放弃</source>
            <translation>The server did not accept these changes: click to see why, retry or discard</translation>
        </message>
        <message>
            <source>上次同步：{when}</source>
            <translation>Last sync: {when}</translation>
        </message>
        <message>
            <source>从未同步</source>
            <translation>Never synced</translation>
        </message>
        <message>
            <source>冲突 {n} 项</source>
            <translation>Conflicts: {n}</translation>
        </message>
    </context>
    <context>
        <name>SyncReview</name>
        <message>
            <source>（空）</source>
            <translation>(empty)</translation>
        </message>
        <message>
            <source>是</source>
            <translation>Yes</translation>
        </message>
        <message>
            <source>否</source>
            <translation>No</translation>
        </message>
        <message>
            <source>产业功能区</source>
            <translation>Zone</translation>
        </message>
        <message>
            <source>人员</source>
            <translation>Staff</translation>
        </message>
        <message>
            <source>企业档案</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>企业分配</source>
            <translation>Assignment</translation>
        </message>
        <message>
            <source>走访计划</source>
            <translation>Visit plan</translation>
        </message>
        <message>
            <source>走访记录</source>
            <translation>Service record</translation>
        </message>
        <message>
            <source>诉求</source>
            <translation>Demand</translation>
        </message>
        <message>
            <source>诉求办理记录</source>
            <translation>Demand history entry</translation>
        </message>
        <message>
            <source>帮办代办</source>
            <translation>Proxy service</translation>
        </message>
        <message>
            <source>帮办代办节点</source>
            <translation>Proxy service milestone</translation>
        </message>
        <message>
            <source>惠企政策</source>
            <translation>Policy</translation>
        </message>
        <message>
            <source>政策推送</source>
            <translation>Policy push</translation>
        </message>
        <message>
            <source>政策申报</source>
            <translation>Policy application</translation>
        </message>
        <message>
            <source>服务评价</source>
            <translation>Service evaluation</translation>
        </message>
        <message>
            <source>考核评分</source>
            <translation>Assessment</translation>
        </message>
        <message>
            <source>附件</source>
            <translation>Attachment</translation>
        </message>
        <message>
            <source>名称</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>代码</source>
            <translation>Code</translation>
        </message>
        <message>
            <source>已删除</source>
            <translation>Deleted</translation>
        </message>
        <message>
            <source>创建时间</source>
            <translation>Created</translation>
        </message>
        <message>
            <source>统一社会信用代码</source>
            <translation>Unified social credit code</translation>
        </message>
        <message>
            <source>法定代表人</source>
            <translation>Legal representative</translation>
        </message>
        <message>
            <source>联系人</source>
            <translation>Contact person</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>Contact phone</translation>
        </message>
        <message>
            <source>地址</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>行业</source>
            <translation>Industry</translation>
        </message>
        <message>
            <source>规模</source>
            <translation>Scale</translation>
        </message>
        <message>
            <source>阶段</source>
            <translation>Stage</translation>
        </message>
        <message>
            <source>状态</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>标签</source>
            <translation>Tags</translation>
        </message>
        <message>
            <source>备注</source>
            <translation>Notes</translation>
        </message>
        <message>
            <source>负责人</source>
            <translation>Responsible staff</translation>
        </message>
        <message>
            <source>企业</source>
            <translation>Enterprise</translation>
        </message>
        <message>
            <source>开始日期</source>
            <translation>Start date</translation>
        </message>
        <message>
            <source>结束日期</source>
            <translation>End date</translation>
        </message>
        <message>
            <source>走访主题</source>
            <translation>Visit theme</translation>
        </message>
        <message>
            <source>计划日期</source>
            <translation>Planned date</translation>
        </message>
        <message>
            <source>类型</source>
            <translation>Type</translation>
        </message>
        <message>
            <source>走访时间</source>
            <translation>Visit time</translation>
        </message>
        <message>
            <source>地点</source>
            <translation>Place</translation>
        </message>
        <message>
            <source>参加人员（服务方）</source>
            <translation>Participants (service side)</translation>
        </message>
        <message>
            <source>参加人员（企业方）</source>
            <translation>Participants (enterprise side)</translation>
        </message>
        <message>
            <source>服务事项</source>
            <translation>Service items</translation>
        </message>
        <message>
            <source>服务内容</source>
            <translation>Service content</translation>
        </message>
        <message>
            <source>发现的问题</source>
            <translation>Problems found</translation>
        </message>
        <message>
            <source>后续跟进</source>
            <translation>Follow-up</translation>
        </message>
        <message>
            <source>签名</source>
            <translation>Signature</translation>
        </message>
        <message>
            <source>提交时间</source>
            <translation>Submitted</translation>
        </message>
        <message>
            <source>审阅人</source>
            <translation>Reviewed by</translation>
        </message>
        <message>
            <source>审阅时间</source>
            <translation>Reviewed</translation>
        </message>
        <message>
            <source>审阅意见</source>
            <translation>Review note</translation>
        </message>
        <message>
            <source>类别</source>
            <translation>Category</translation>
        </message>
        <message>
            <source>内容</source>
            <translation>Description</translation>
        </message>
        <message>
            <source>紧急程度</source>
            <translation>Urgency</translation>
        </message>
        <message>
            <source>办理状态</source>
            <translation>State</translation>
        </message>
        <message>
            <source>承办部门</source>
            <translation>Handling department</translation>
        </message>
        <message>
            <source>责任人</source>
            <translation>Person responsible</translation>
        </message>
        <message>
            <source>办理时限</source>
            <translation>Deadline</translation>
        </message>
        <message>
            <source>收集时间</source>
            <translation>Collected</translation>
        </message>
        <message>
            <source>办结时间</source>
            <translation>Closed</translation>
        </message>
        <message>
            <source>满意度</source>
            <translation>Satisfaction</translation>
        </message>
        <message>
            <source>逾期说明</source>
            <translation>Overdue explanation</translation>
        </message>
        <message>
            <source>现场解决</source>
            <translation>Solved on the spot</translation>
        </message>
        <message>
            <source>重大投诉</source>
            <translation>Major complaint</translation>
        </message>
        <message>
            <source>对接方式</source>
            <translation>Contact channel</translation>
        </message>
        <message>
            <source>企业档案（生产经营、知识产权、信用、上市融资）</source>
            <translation>Enterprise file (operations, IP, credit, listing)</translation>
        </message>
        <message>
            <source>事项</source>
            <translation>Item</translation>
        </message>
        <message>
            <source>服务方式</source>
            <translation>Service mode</translation>
        </message>
        <message>
            <source>服务方案</source>
            <translation>Service plan</translation>
        </message>
        <message>
            <source>受理日期</source>
            <translation>Accepted on</translation>
        </message>
        <message>
            <source>计划完成日期</source>
            <translation>Due date</translation>
        </message>
        <message>
            <source>办结日期</source>
            <translation>Completed on</translation>
        </message>
        <message>
            <source>终止原因</source>
            <translation>Termination reason</translation>
        </message>
        <message>
            <source>终止说明</source>
            <translation>Termination note</translation>
        </message>
        <message>
            <source>标题</source>
            <translation>Title</translation>
        </message>
        <message>
            <source>完成日期</source>
            <translation>Done on</translation>
        </message>
        <message>
            <source>文号</source>
            <translation>Document no.</translation>
        </message>
        <message>
            <source>发文单位</source>
            <translation>Issuer</translation>
        </message>
        <message>
            <source>级别</source>
            <translation>Level</translation>
        </message>
        <message>
            <source>摘要</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>申报材料</source>
            <translation>Materials</translation>
        </message>
        <message>
            <source>申报开始</source>
            <translation>Window opens</translation>
        </message>
        <message>
            <source>申报截止</source>
            <translation>Window closes</translation>
        </message>
        <message>
            <source>申报日期</source>
            <translation>Applied on</translation>
        </message>
        <message>
            <source>金额</source>
            <translation>Amount</translation>
        </message>
        <message>
            <source>评价意见</source>
            <translation>Comment</translation>
        </message>
        <message>
            <source>评价日期</source>
            <translation>Evaluated on</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>Caption</translation>
        </message>
        <message>
            <source>电话</source>
            <translation>Phone</translation>
        </message>
        <message>
            <source>启用</source>
            <translation>Active</translation>
        </message>
        <message>
            <source>账号</source>
            <translation>Account</translation>
        </message>
        <message>
            <source>角色</source>
            <translation>Role</translation>
        </message>
        <message>
            <source>新建</source>
            <translation>Create</translation>
        </message>
        <message>
            <source>修改</source>
            <translation>Edit</translation>
        </message>
        <message>
            <source>删除</source>
            <translation>Delete</translation>
        </message>
        <message>
            <source>记录</source>
            <translation>Record</translation>
        </message>
        <message>
            <source>其他内容</source>
            <translation>Other content</translation>
        </message>
        <message>
            <source>无法识别的处理方式</source>
            <translation>Unknown decision</translation>
        </message>
        <message>
            <source>找不到该冲突所属的记录</source>
            <translation>The record of this conflict cannot be found</translation>
        </message>
        <message>
            <source>（未知人员）</source>
            <translation>(unknown staff)</translation>
        </message>
        <message>
            <source>（未知企业）</source>
            <translation>(unknown enterprise)</translation>
        </message>
        <message>
            <source>服务器未说明原因</source>
            <translation>The server gave no reason</translation>
        </message>
    </context>
    <context>
        <name>SyncTexts</name>
        <message>
            <source>正在同步</source>
            <translation>Syncing</translation>
        </message>
        <message>
            <source>个文件</source>
            <translation>files</translation>
        </message>
        <message>
            <source>行</source>
            <translation>rows</translation>
        </message>
        <message>
            <source>同步已取消；已下载的内容已保存，下次同步时从中断处继续。</source>
            <translation>Sync cancelled. What was downloaded is kept; the next sync continues from there.</translation>
        </message>
        <message>
            <source>剩余约 {n} 分钟</source>
            <translation>about {n} min left</translation>
        </message>
        <message>
            <source>同步完成：上传 {pushed} 项，下载 {pulled} 项</source>
            <translation>Sync finished: {pushed} sent, {pulled} received</translation>
        </message>
        <message>
            <source>服务器</source>
            <translation>the server</translation>
        </message>
        <message>
            <source>同步出错：{error}</source>
            <translation>Sync failed: {error}</translation>
        </message>
        <message>
            <source>正在上传修改</source>
            <translation>Uploading changes</translation>
        </message>
        <message>
            <source>正在上传附件</source>
            <translation>Uploading attachments</translation>
        </message>
        <message>
            <source>正在下载数据</source>
            <translation>Downloading data</translation>
        </message>
        <message>
            <source>正在下载附件</source>
            <translation>Downloading attachments</translation>
        </message>
        <message>
            <source>正在核对数据</source>
            <translation>Checking data</translation>
        </message>
        <message>
            <source>剩余约 {n} 秒</source>
            <translation>about {n} s left</translation>
        </message>
        <message>
            <source>：{done} / {total} {unit}</source>
            <translation>: {done} / {total} {unit}</translation>
        </message>
        <message>
            <source>，冲突 {n} 项</source>
            <translation>, {n} conflicts</translation>
        </message>
        <message>
            <source>，被退回 {n} 项</source>
            <translation>, {n} rejected</translation>
        </message>
        <message>
            <source>无法连接 {url}：请检查服务器地址和网络连接。修改已保存在本机，联网后再同步。</source>
            <translation>Cannot reach {url}: check the server address and the network. Your changes are saved on this computer and will sync once you are online.</translation>
        </message>
        <message>
            <source>{message}（同步已暂停）</source>
            <translation>{message} (sync paused)</translation>
        </message>
        <message>
            <source>：{done} {unit}</source>
            <translation>: {done} {unit}</translation>
        </message>
    </context>
    <context>
        <name>TerminateProxyDialog</name>
        <message>
            <source>终止帮办代办</source>
            <translation>Terminate proxy service</translation>
        </message>
        <message>
            <source>终止原因</source>
            <translation>Termination reason</translation>
        </message>
        <message>
            <source>具体情形（选择“其他”时必填）</source>
            <translation>Circumstances (required for "other")</translation>
        </message>
        <message>
            <source>情况说明</source>
            <translation>Details</translation>
        </message>
        <message>
            <source>终止</source>
            <translation>Terminate</translation>
        </message>
    </context>
    <context>
        <name>TodayView</name>
        <message>
            <source>工作台</source>
            <extracomment>on a plan item: the plan's id when the user may start its record (it is theirs and still open) plan id → the window starts (or reopens) the record of that plan in the record editor (title, message) for the tray notification; at most once a day the board was filled from a fresh load (the policy card may follow: policies_loaded) the automatic 催办 wrote events (the window's sync indicator re-reads the outbox) the main window reloads the board every time it is shown again</extracomment>
            <translation>Today</translation>
        </message>
        <message>
            <source>今日计划</source>
            <translation>Plans today</translation>
        </message>
        <message>
            <source>逾期诉求</source>
            <translation>Overdue demands</translation>
        </message>
        <message>
            <source>本季度未走访</source>
            <translation>Not visited this quarter</translation>
        </message>
        <message>
            <source>即将截止的政策</source>
            <translation>Policies closing soon</translation>
        </message>
        <message>
            <source>待办帮办代办</source>
            <translation>Proxy services waiting</translation>
        </message>
        <message>
            <source>今日走访计划</source>
            <translation>Today's visit plans</translation>
        </message>
        <message>
            <source>本周走访计划</source>
            <translation>This week's visit plans</translation>
        </message>
        <message>
            <source>逾期和即将到期的诉求</source>
            <translation>Overdue and due-soon demands</translation>
        </message>
        <message>
            <source>本季度尚未走访的企业</source>
            <translation>Enterprises not yet visited this quarter</translation>
        </message>
        <message>
            <source>14天内截止申报的政策</source>
            <translation>Policy windows closing within 14 days</translation>
        </message>
        <message>
            <source>等待办理的帮办代办</source>
            <translation>Proxy services waiting on you</translation>
        </message>
        <message>
            <source>同步状态</source>
            <translation>Sync state</translation>
        </message>
        <message>
            <source>记录这次走访</source>
            <translation>Record this visit</translation>
        </message>
        <message>
            <source>为选中的计划填写走访记录；提交后计划即完成</source>
            <translation>Fill in the visit record of the selected plan; submitting it completes the plan</translation>
        </message>
        <message>
            <source>加载失败：{error}</source>
            <translation>Could not load: {error}</translation>
        </message>
        <message>
            <source>{n} 项走访计划已逾期</source>
            <translation>{n} visit plan(s) overdue</translation>
        </message>
        <message>
            <source>{n} 项诉求已超过办理时限</source>
            <translation>{n} demand(s) past their deadline</translation>
        </message>
        <message>
            <source>今天有 {n} 项走访计划</source>
            <translation>Visit plans due today: {n}</translation>
        </message>
        <message>
            <source>{n} 项诉求即将超过办理时限</source>
            <translation>demands about to go overdue: {n}</translation>
        </message>
        <message>
            <source>FieldKit 工作提醒</source>
            <translation>FieldKit reminder</translation>
        </message>
        <message>
            <source>，</source>
            <translation>; </translation>
        </message>
        <message>
            <source>{name}，您好</source>
            <translation>Hello, {name}</translation>
        </message>
        <message>
            <source>正在加载…</source>
            <translation>Loading…</translation>
        </message>
        <message>
            <source>全区</source>
            <translation>Whole zone</translation>
        </message>
        <message>
            <source>我的包联企业</source>
            <translation>My assigned enterprises</translation>
        </message>
        <message>
            <source>今天没有走访计划</source>
            <translation>No visit plans today</translation>
        </message>
        <message>
            <source>本周没有走访计划</source>
            <translation>No visit plans this week</translation>
        </message>
        <message>
            <source>其中 {n} 项计划已逾期未走访</source>
            <translation>{n} planned visit(s) are overdue</translation>
        </message>
        <message>
            <source>逾期 {a} · 即将到期 {b}</source>
            <translation>{a} overdue · {b} due soon</translation>
        </message>
        <message>
            <source>逾期{n}天</source>
            <translation>{n} days overdue</translation>
        </message>
        <message>
            <source>今天到期</source>
            <translation>due today</translation>
        </message>
        <message>
            <source>剩{n}天</source>
            <translation>{n} days left</translation>
        </message>
        <message>
            <source>没有逾期或即将到期的诉求</source>
            <translation>No overdue or due-soon demands</translation>
        </message>
        <message>
            <source>{n} / {total} 家</source>
            <translation>{n} of {total}</translation>
        </message>
        <message>
            <source>[首次对接] {name}（{since} 起包联，请约定线上或线下对接）</source>
            <translation>[First contact] {name} (assigned since {since}: agree on online or in-person contact)</translation>
        </message>
        <message>
            <source>……另有 {n} 家</source>
            <translation>… and {n} more</translation>
        </message>
        <message>
            <source>本季度包联企业均已走访</source>
            <translation>Every assigned enterprise was visited this quarter</translation>
        </message>
        <message>
            <source>{n} 家新包联企业尚未首次对接</source>
            <translation>{n} newly assigned enterprises not contacted yet</translation>
        </message>
        <message>
            <source>正在匹配政策…</source>
            <translation>Matching policies…</translation>
        </message>
        <message>
            <source>{title}（{date} 截止，剩 {days} 天）· 适用 {n} 家</source>
            <translation>{title} (closes {date}, {days} days left) · fits {n}</translation>
        </message>
        <message>
            <source>近14天没有截止申报的政策</source>
            <translation>No policy window closes in the next 14 days</translation>
        </message>
        <message>
            <source>，{date} 前办结</source>
            <translation>, due {date}</translation>
        </message>
        <message>
            <source>没有等待办理的帮办代办</source>
            <translation>No proxy services waiting</translation>
        </message>
        <message>
            <source>演示数据（不同步）：修改只留在本机</source>
            <translation>Demo data (not synced): changes stay on this computer</translation>
        </message>
        <message>
            <source>待同步 {n} 项 · 冲突 {c} 项 · 上次同步：{last}</source>
            <translation>Waiting to sync: {n} · conflicts: {c} · last sync: {last}</translation>
        </message>
        <message>
            <source>从未同步</source>
            <translation>never</translation>
        </message>
        <message>
            <source>……还有 {n} 项</source>
            <translation>… and {n} more</translation>
        </message>
        <message>
            <source>【{name}】</source>
            <translation>[{name}] </translation>
        </message>
        <message>
            <source>星期一</source>
            <translation>Monday</translation>
        </message>
        <message>
            <source>星期二</source>
            <translation>Tuesday</translation>
        </message>
        <message>
            <source>星期三</source>
            <translation>Wednesday</translation>
        </message>
        <message>
            <source>星期四</source>
            <translation>Thursday</translation>
        </message>
        <message>
            <source>星期五</source>
            <translation>Friday</translation>
        </message>
        <message>
            <source>星期六</source>
            <translation>Saturday</translation>
        </message>
        <message>
            <source>星期日</source>
            <translation>Sunday</translation>
        </message>
    </context>
    <context>
        <name>Unlock</name>
        <message>
            <source>本机数据已加密：请输入密码（或设置环境变量 FIELDKIT_PASSWORD）</source>
            <translation>The local data is encrypted: enter the password (or set the environment variable FIELDKIT_PASSWORD)</translation>
        </message>
        <message>
            <source>本机数据已加密，但数据文件夹中缺少密钥文件 keys.json；请从备份恢复，或换用另一个数据文件夹</source>
            <translation>The local data is encrypted but its key file keys.json is missing from the data folder. Restore a backup or use another data folder.</translation>
        </message>
        <message>
            <source>密钥文件 keys.json 已损坏；请从备份恢复，或换用另一个数据文件夹</source>
            <translation>The key file keys.json is damaged. Restore a backup or use another data folder.</translation>
        </message>
        <message>
            <source>密码正确，但本机数据文件无法用这把密钥打开：数据文件已损坏，或与 keys.json 不是同一套；请从备份恢复</source>
            <translation>The password is right, but the local data file cannot be opened with its key: the file is damaged or does not belong with this keys.json. Restore a backup.</translation>
        </message>
        <message>
            <source>加密本机数据时核对未通过，原数据未改动：{error}</source>
            <translation>Encrypting the local data failed its check; the original data is unchanged: {error}</translation>
        </message>
    </context>
    <context>
        <name>Validation</name>
        <message>
            <source>企业名称</source>
            <extracomment>the contact channel agreed with the enterprise (seed 000 §6.1); "" until agreed enterprise fields that hold free text (tab and newline allowed)</extracomment>
            <translation>enterprise name</translation>
        </message>
        <message>
            <source>“{value}”不是有效的选项</source>
            <translation>“{value}” is not a valid choice</translation>
        </message>
        <message>
            <source>所属行业“{value}”无效，应为国民经济行业分类门类 A–T</source>
            <translation>Industry “{value}” is invalid; it must be a GB/T 4754 section letter A–T</translation>
        </message>
        <message>
            <source>统一社会信用代码 {code} 已存在</source>
            <translation>Unified social credit code {code} already exists</translation>
        </message>
        <message>
            <source>请填写统一社会信用代码</source>
            <extracomment>the message of each credit-code problem (fieldkit.domain.identifiers.CodeProblem.kind)</extracomment>
            <translation>Enter the unified social credit code</translation>
        </message>
        <message>
            <source>统一社会信用代码应为18位，当前为{n}位</source>
            <translation>The unified social credit code must have 18 characters; it has {n}</translation>
        </message>
        <message>
            <source>统一社会信用代码含有不允许的字符：{chars}（不使用I、O、S、V、Z）</source>
            <translation>The unified social credit code contains characters that are not allowed: {chars} (I, O, S, V and Z are never used)</translation>
        </message>
        <message>
            <source>统一社会信用代码第1位登记管理部门代码“{ch}”无效</source>
            <translation>The first character of the unified social credit code (registration authority) “{ch}” is invalid</translation>
        </message>
        <message>
            <source>统一社会信用代码第3至8位应为行政区划码（6位数字）</source>
            <translation>Characters 3 to 8 of the unified social credit code must be the administrative division code (6 digits)</translation>
        </message>
        <message>
            <source>统一社会信用代码校验位错误：第18位应为“{expected}”，实为“{actual}”</source>
            <translation>Wrong check character in the unified social credit code: the 18th character should be “{expected}”, not “{actual}”</translation>
        </message>
        <message>
            <source>统一社会信用代码</source>
            <translation>unified social credit code</translation>
        </message>
        <message>
            <source>联系电话</source>
            <translation>contact phone</translation>
        </message>
        <message>
            <source>请填写联系电话</source>
            <translation>Enter a contact phone</translation>
        </message>
        <message>
            <source>电话号码“{value}”格式不正确：手机号应为1开头的11位数字，固话应含区号（如028-12345678）</source>
            <translation>Phone number “{value}” is not valid: a mobile number has 11 digits starting with 1, a landline needs its area code (e.g. 028-12345678)</translation>
        </message>
        <message>
            <source>请填写{label}</source>
            <translation>Please fill in: {label}</translation>
        </message>
        <message>
            <source>日期</source>
            <translation>date</translation>
        </message>
        <message>
            <source>请填写日期</source>
            <translation>Enter a date</translation>
        </message>
        <message>
            <source>日期“{value}”无效，请按 2026-11-21 的格式填写</source>
            <translation>Date “{value}” is invalid; write it like 2026-11-21</translation>
        </message>
        <message>
            <source>请选择另一位服务人员</source>
            <translation>Choose a different staff member</translation>
        </message>
        <message>
            <source>该企业当前未由所选人员包联</source>
            <translation>The enterprise is not currently assigned to the selected staff member</translation>
        </message>
        <message>
            <source>密码至少需要{n}位</source>
            <translation>The password needs at least {n} characters</translation>
        </message>
        <message>
            <source>该账号已停用</source>
            <translation>This account is disabled</translation>
        </message>
        <message>
            <source>诉求内容</source>
            <translation>demand description</translation>
        </message>
        <message>
            <source>办理时限</source>
            <translation>the deadline</translation>
        </message>
        <message>
            <source>办理时限不能早于今天</source>
            <translation>The deadline cannot be before today</translation>
        </message>
        <message>
            <source>责任部门</source>
            <translation>responsible department</translation>
        </message>
        <message>
            <source>责任人</source>
            <translation>responsible person</translation>
        </message>
        <message>
            <source>请列出需要补正的全部内容（一次性告知），每行一项</source>
            <translation>List every correction required (one-time notice), one per line</translation>
        </message>
        <message>
            <source>补正内容已于 {on} 一次性告知，不能再次要求补正；材料仍不符合的，请登记为未通过</source>
            <translation>The corrections were told once on {on}; no second notice can be given. If the documents still do not comply, record the application as not approved</translation>
        </message>
        <message>
            <source>“{label}”应为不小于 0 的整数</source>
            <translation>“{label}” must be a whole number, 0 or more</translation>
        </message>
        <message>
            <source>“{label}”应为四位年份，如 2025</source>
            <translation>“{label}” must be a four-digit year, e.g. 2025</translation>
        </message>
        <message>
            <source>统计年度</source>
            <translation>Year</translation>
        </message>
        <message>
            <source>产值</source>
            <translation>Output value</translation>
        </message>
        <message>
            <source>营业收入</source>
            <translation>Revenue</translation>
        </message>
        <message>
            <source>纳税额</source>
            <translation>Taxes paid</translation>
        </message>
        <message>
            <source>从业人员</source>
            <translation>Employees</translation>
        </message>
        <message>
            <source>其中研发人员</source>
            <translation>of whom R&amp;D staff</translation>
        </message>
        <message>
            <source>发明专利</source>
            <translation>Invention patents</translation>
        </message>
        <message>
            <source>实用新型和外观设计专利</source>
            <translation>Utility model and design patents</translation>
        </message>
        <message>
            <source>注册商标</source>
            <translation>Registered trademarks</translation>
        </message>
        <message>
            <source>软件著作权</source>
            <translation>Software copyrights</translation>
        </message>
        <message>
            <source>纳税信用等级</source>
            <translation>Tax credit rating</translation>
        </message>
        <message>
            <source>经营异常或严重失信记录</source>
            <translation>Abnormal operation or serious dishonesty records</translation>
        </message>
        <message>
            <source>行政处罚</source>
            <translation>Administrative penalties</translation>
        </message>
        <message>
            <source>上市情况</source>
            <translation>Listing status</translation>
        </message>
        <message>
            <source>上市板块或股票代码</source>
            <translation>Board or stock code</translation>
        </message>
        <message>
            <source>近期融资（轮次、金额、机构）</source>
            <translation>Recent financing (round, amount, investors)</translation>
        </message>
        <message>
            <source>“{label}”应为金额（万元），如 1280.5</source>
            <translation>“{label}” must be an amount in 10k yuan, e.g. 1280.5</translation>
        </message>
        <message>
            <source>企业档案格式不正确</source>
            <translation>The enterprise file is not in the right form</translation>
        </message>
        <message>
            <source>名称</source>
            <translation>name</translation>
        </message>
        <message>
            <source>标题</source>
            <translation>title</translation>
        </message>
        <message>
            <source>备注</source>
            <translation>notes</translation>
        </message>
        <message>
            <source>评价意见</source>
            <translation>comment</translation>
        </message>
        <message>
            <source>法定代表人</source>
            <translation>legal representative</translation>
        </message>
        <message>
            <source>联系人</source>
            <translation>contact person</translation>
        </message>
        <message>
            <source>企业地址</source>
            <translation>address</translation>
        </message>
        <message>
            <source>所属行业</source>
            <translation>industry</translation>
        </message>
        <message>
            <source>标签</source>
            <translation>tags</translation>
        </message>
        <message>
            <source>登录名</source>
            <translation>login</translation>
        </message>
        <message>
            <source>部门</source>
            <translation>department</translation>
        </message>
        <message>
            <source>代码</source>
            <translation>code</translation>
        </message>
        <message>
            <source>文号</source>
            <translation>document number</translation>
        </message>
        <message>
            <source>发文单位</source>
            <translation>issuer</translation>
        </message>
        <message>
            <source>解读单位</source>
            <translation>interpreting unit</translation>
        </message>
        <message>
            <source>主管部门</source>
            <translation>competent department</translation>
        </message>
        <message>
            <source>受理部门</source>
            <translation>accepting department</translation>
        </message>
        <message>
            <source>申报材料</source>
            <translation>application materials</translation>
        </message>
        <message>
            <source>政策摘要</source>
            <translation>policy summary</translation>
        </message>
        <message>
            <source>政策原文</source>
            <translation>policy full text</translation>
        </message>
        <message>
            <source>链接</source>
            <translation>link</translation>
        </message>
        <message>
            <source>超期说明</source>
            <translation>overdue explanation</translation>
        </message>
        <message>
            <source>服务地点</source>
            <translation>place</translation>
        </message>
        <message>
            <source>参加人员</source>
            <translation>participants</translation>
        </message>
        <message>
            <source>企业参加人员</source>
            <translation>enterprise participants</translation>
        </message>
        <message>
            <source>存在问题</source>
            <translation>problems</translation>
        </message>
        <message>
            <source>后续跟进</source>
            <translation>follow-up</translation>
        </message>
        <message>
            <source>审核意见</source>
            <translation>review note</translation>
        </message>
        <message>
            <source>服务方案</source>
            <translation>service plan</translation>
        </message>
        <message>
            <source>终止说明</source>
            <translation>termination note</translation>
        </message>
        <message>
            <source>文件名</source>
            <translation>file name</translation>
        </message>
        <message>
            <source>说明</source>
            <translation>caption</translation>
        </message>
        <message>
            <source>姓名</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>园区名称</source>
            <translation>zone name</translation>
        </message>
        <message>
            <source>园区代码</source>
            <translation>zone code</translation>
        </message>
        <message>
            <source>政策标签</source>
            <translation>policy tags</translation>
        </message>
        <message>
            <source>企业标签</source>
            <translation>enterprise tags</translation>
        </message>
        <message>
            <source>节点名称</source>
            <translation>milestone</translation>
        </message>
        <message>
            <source>考核意见</source>
            <translation>assessment comment</translation>
        </message>
        <message>
            <source>所在部门</source>
            <translation>department</translation>
        </message>
        <message>
            <source>承办部门</source>
            <translation>handling department</translation>
        </message>
        <message>
            <source>政策级别</source>
            <translation>policy level</translation>
        </message>
        <message>
            <source>政策类别</source>
            <translation>policy category</translation>
        </message>
        <message>
            <source>适用行业</source>
            <translation>industries</translation>
        </message>
        <message>
            <source>适用规模</source>
            <translation>scales</translation>
        </message>
        <message>
            <source>适用阶段</source>
            <translation>stages</translation>
        </message>
        <message>
            <source>申报开始日期</source>
            <translation>application start date</translation>
        </message>
        <message>
            <source>申报截止日期</source>
            <translation>application deadline</translation>
        </message>
        <message>
            <source>企业规模</source>
            <translation>scale</translation>
        </message>
        <message>
            <source>生命周期阶段</source>
            <translation>lifecycle stage</translation>
        </message>
        <message>
            <source>企业状态</source>
            <translation>status</translation>
        </message>
        <message>
            <source>账号或密码错误</source>
            <translation>Wrong account or password</translation>
        </message>
        <message>
            <source>只有投诉可以标记为重大投诉</source>
            <translation>Only a complaint can be marked as major</translation>
        </message>
        <message>
            <source>请选择企业满意度</source>
            <translation>Choose the enterprise satisfaction</translation>
        </message>
        <message>
            <source>解决情况</source>
            <translation>how it was solved</translation>
        </message>
        <message>
            <source>该诉求已超过办理时限（{deadline}），办结前请说明逾期原因</source>
            <translation>This demand is past its deadline ({deadline}); explain the delay before closing it</translation>
        </message>
        <message>
            <source>请选择满意度等级</source>
            <translation>Choose a satisfaction level</translation>
        </message>
        <message>
            <source>该企业在此阶段已评价过一次</source>
            <translation>This enterprise has already been evaluated for this stage</translation>
        </message>
        <message>
            <source>考核期结束日期不能早于开始日期</source>
            <translation>The end of the assessment period cannot be before its start</translation>
        </message>
        <message>
            <source>评价分值应为1至5</source>
            <translation>Scores must be from 1 to 5</translation>
        </message>
        <message>
            <source>只能评价本企业已办结的帮办代办服务</source>
            <translation>Only a completed proxy service of this enterprise can be evaluated</translation>
        </message>
        <message>
            <source>分数应在0至100之间</source>
            <translation>Scores must be between 0 and 100</translation>
        </message>
        <message>
            <source>评价的服务阶段应与所评价的帮办代办服务一致</source>
            <translation>The stage must be the one of the proxy service evaluated</translation>
        </message>
        <message>
            <source>已完成或已取消的计划不能改期</source>
            <translation>A plan that is done or cancelled cannot be rescheduled</translation>
        </message>
        <message>
            <source>已完成的计划不能取消</source>
            <translation>A plan that is done cannot be cancelled</translation>
        </message>
        <message>
            <source>只有已提交的定点服务记录可以安排本企业的回访</source>
            <translation>Only a submitted on-demand service record of this enterprise can have a follow-up visit</translation>
        </message>
        <message>
            <source>走访日期</source>
            <translation>the visit date</translation>
        </message>
        <message>
            <source>走访主题</source>
            <translation>visit theme</translation>
        </message>
        <message>
            <source>政策名称</source>
            <extracomment>the columns of free text (tab and newline allowed); the others are one line</extracomment>
            <translation>policy title</translation>
        </message>
        <message>
            <source>申报开始日期不能晚于截止日期</source>
            <translation>The application window cannot open after it closes</translation>
        </message>
        <message>
            <source>请填写兑现金额</source>
            <translation>Enter the amount paid out</translation>
        </message>
        <message>
            <source>请选择终止原因（a–e）</source>
            <translation>Choose a termination reason (a–e)</translation>
        </message>
        <message>
            <source>终止原因为“其他”时请说明具体情形</source>
            <translation>Describe the circumstances when the reason is “other”</translation>
        </message>
        <message>
            <source>代办事项</source>
            <translation>proxy item</translation>
        </message>
        <message>
            <source>第 {n} 个办理节点的期限 {due} 晚于办理时限 {limit}</source>
            <translation>Milestone {n}: its deadline {due} is after the service's deadline {limit}</translation>
        </message>
        <message>
            <source>第 {n} 个办理节点的负责人太长（最多 {limit} 个字）</source>
            <translation>Milestone {n}: the responsible person is too long (at most {limit} characters)</translation>
        </message>
        <message>
            <source>节点期限</source>
            <translation>Milestone deadline</translation>
        </message>
        <message>
            <source>第 {n} 个办理节点的期限“{value}”不是有效日期（如 2026-11-21）</source>
            <translation>Milestone {n}: the deadline “{value}” is not a valid date (e.g. 2026-11-21)</translation>
        </message>
        <message>
            <source>企业代表尚未签名</source>
            <translation>The enterprise representative has not signed</translation>
        </message>
        <message>
            <source>“发现问题”为空（企业没有反映问题时可直接提交）</source>
            <translation>“Problems found” is empty (submit anyway if the enterprise raised none)</translation>
        </message>
        <message>
            <source>没有勾选服务事项</source>
            <translation>No service item is ticked</translation>
        </message>
        <message>
            <source>走访时间不能晚于现在</source>
            <translation>The visit time cannot be in the future</translation>
        </message>
        <message>
            <source>退回原因</source>
            <translation>the reason for returning</translation>
        </message>
        <message>
            <source>服务内容</source>
            <translation>service content</translation>
        </message>
        <message>
            <source>走访地点</source>
            <translation>visit place</translation>
        </message>
        <message>
            <source>密码错误次数过多，请在 {seconds} 秒后再试</source>
            <translation>Too many wrong passwords: try again in {seconds} s</translation>
        </message>
        <message>
            <source>请选择功能区</source>
            <translation>Choose a zone</translation>
        </message>
        <message>
            <source>登录账号只能用小写字母、数字和 . _ -，2 至 50 位，以字母或数字开头</source>
            <translation>A sign-in name uses lower-case letters, digits and . _ - only, 2 to 50 characters, starting with a letter or digit</translation>
        </message>
        <message>
            <source>登录账号“{value}”已被使用</source>
            <translation>The sign-in name “{value}” is already taken</translation>
        </message>
        <message>
            <source>登录账号</source>
            <translation>Sign-in name</translation>
        </message>
        <message>
            <source>请从列表中选择企业</source>
            <translation>Choose an enterprise from the list</translation>
        </message>
        <message>
            <source>请选择一项政策</source>
            <translation>Choose a policy</translation>
        </message>
        <message>
            <source>{label}含有无法保存的字符（第 {pos} 个字符 {code}，不成对的代理项），请删除后重新输入</source>
            <extracomment>allowed in a multi-line field (notes, a record's content): tab, newline, carriage return format characters that reorder or hide text (Trojan Source, CVE-2021-42574) and the Unicode line / paragraph separators: control characters for our purposes</extracomment>
            <translation>{label} holds a character that cannot be stored (character {pos}, {code}, a lone surrogate); delete it and type again</translation>
        </message>
        <message>
            <source>{label}含有不允许的控制字符 {code}（第 {pos} 个字符），请删除后重新输入</source>
            <translation>{label} holds a control character {code} (character {pos}); delete it and type again</translation>
        </message>
        <message>
            <source>{label}只能填写一行，不能含换行或制表符（第 {pos} 个字符）</source>
            <translation>{label} must be one line, without line breaks or tabs (character {pos})</translation>
        </message>
        <message>
            <source>{label}太长：最多 {limit} 个字，当前 {n} 个字</source>
            <translation>{label} is too long: at most {limit} characters, now {n}</translation>
        </message>
        <message>
            <source>{label}不能只有空格或不可见字符</source>
            <translation>{label} cannot be only spaces or invisible characters</translation>
        </message>
        <message>
            <source>{label}含有非 0–9 的数字“{ch}”（{code}），请使用半角阿拉伯数字 0–9</source>
            <translation>{label} holds a digit other than 0–9, “{ch}” ({code}); use the digits 0–9</translation>
        </message>
        <message>
            <source>填写的内容</source>
            <extracomment>the name of a field no label was given for (never an internal column name)</extracomment>
            <translation>the value</translation>
        </message>
        <message>
            <source>服务事项格式不正确</source>
            <translation>The service items are not in the right form</translation>
        </message>
        <message>
            <source>服务事项“{codes}”不在服务事项目录中，请从目录中选择</source>
            <translation>Service item “{codes}” is not in the service-item catalogue: choose from the catalogue</translation>
        </message>
    </context>
    <context>
        <name>Workflow</name>
        <message>
            <source>操作失败：{error}</source>
            <translation>Operation failed: {error}</translation>
        </message>
    </context>
    <context>
        <name>Zones</name>
        <message>
            <source>数据库中有多个功能区（{zones}），请用 --zone 指定导入到哪个功能区</source>
            <translation>The database has several zones ({zones}); use --zone to say which zone to import into</translation>
        </message>
        <message>
            <source>找不到名为“{name}”的功能区。现有功能区：{zones}</source>
            <translation>No zone named “{name}”. Zones: {zones}</translation>
        </message>
        <message>
            <source>找不到名为“{name}”的功能区：数据库中还没有功能区</source>
            <translation>No zone named “{name}”: the database has no zones yet</translation>
        </message>
        <message>
            <source>数据库中有多个功能区（{zones}），请选择企业所属的功能区</source>
            <translation>The database has several zones ({zones}); choose the enterprise's zone</translation>
        </message>
    </context>
    <context>
        <name>argparse</name>
        <message>
            <source>用法：</source>
            <translation>usage: </translation>
        </message>
        <message>
            <source>位置参数</source>
            <translation>positional arguments</translation>
        </message>
        <message>
            <source>选项</source>
            <translation>options</translation>
        </message>
        <message>
            <source>显示此帮助信息并退出</source>
            <translation>show this help message and exit</translation>
        </message>
        <message>
            <source>显示程序的版本号并退出</source>
            <translation>show program's version number and exit</translation>
        </message>
        <message>
            <source>%(prog)s：错误：%(message)s
</source>
            <translation>%(prog)s: error: %(message)s
</translation>
        </message>
        <message>
            <source>缺少以下必需的参数：%s</source>
            <translation>the following arguments are required: %s</translation>
        </message>
        <message>
            <source>无效的选项：%(value)r（可选：%(choices)s）</source>
            <translation>invalid choice: %(value)r (choose from %(choices)s)</translation>
        </message>
        <message>
            <source>无法识别的参数：%s</source>
            <translation>unrecognized arguments: %s</translation>
        </message>
        <message>
            <source>参数 %(argument_name)s：%(message)s</source>
            <translation>argument %(argument_name)s: %(message)s</translation>
        </message>
        <message>
            <source>无效的 %(type)s 值：%(value)r</source>
            <translation>invalid %(type)s value: %(value)r</translation>
        </message>
        <message>
            <source>需要一个值</source>
            <translation>expected one argument</translation>
        </message>
        <message>
            <source>需要至少一个值</source>
            <translation>expected at least one argument</translation>
        </message>
        <message>
            <source>最多只能有一个值</source>
            <translation>expected at most one argument</translation>
        </message>
        <message>
            <source>有歧义的选项：%(option)s 可以是 %(matches)s</source>
            <translation>ambiguous option: %(option)s could match %(matches)s</translation>
        </message>
        <message>
            <source>不能与参数 %s 同时使用</source>
            <translation>not allowed with argument %s</translation>
        </message>
        <message>
            <source>必须提供参数 %s 之一</source>
            <translation>one of the arguments %s is required</translation>
        </message>
        <message>
            <source>忽略了多余的值 %r</source>
            <translation>ignored explicit argument %r</translation>
        </message>
        <message>
            <source>未知的子命令 %(parser_name)r（可选：%(choices)s）</source>
            <translation>unknown parser %(parser_name)r (choices: %(choices)s)</translation>
        </message>
        <message>
            <source>无法打开“%(filename)s”：%(error)s</source>
            <translation>can't open '%(filename)s': %(error)s</translation>
        </message>
        <message>
            <source>需要 %s 个值</source>
            <translation>expected %s arguments</translation>
        </message>
    </context>
</TS>
