; Inno Setup 6 script for Windows: installs the PyInstaller one-folder build of the desktop app.
; NOT BUILT OR RUN IN THIS PROJECT'S CI (Linux only): see docs/install.md, "Windows".
;
; Build on Windows 10/11 x64 with Python 3.11, the project installed (pip install -e .) and
; PyInstaller (pip install pyinstaller), Inno Setup 6 (iscc on PATH):
;   pyinstaller installer\fieldkit.spec --noconfirm --distpath build\dist --workpath build\pyinstaller
;   iscc /DAppVersion=0.1.0 installer\windows.iss
; gives build\installer\FieldKit-Setup-0.1.0.exe. The spec builds fieldkit.exe without a console window
; (console=False on Windows), with resources\icons\fieldkit.ico as its icon.
;
; The user's data lives in %LOCALAPPDATA%\FieldKit (platformdirs), never in {app}: an upgrade (same
; AppId) replaces the program files only and the app migrates the store when it opens it; uninstalling
; asks whether to delete that folder too, and keeps it unless the user says yes.

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{7C1E3B52-6F0A-4E7B-9D3C-0F5A9B2E8D41}
AppName=FieldKit 企业服务助手
AppVersion={#AppVersion}
AppVerName=FieldKit 企业服务助手 {#AppVersion}
AppPublisher=FieldKit
DefaultDirName={autopf}\FieldKit
DefaultGroupName=FieldKit
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\build\installer
OutputBaseFilename=FieldKit-Setup-{#AppVersion}
SetupIconFile=..\resources\icons\fieldkit.ico
UninstallDisplayIcon={app}\fieldkit.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "..\build\dist\fieldkit\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; an upgrade leaves no file of the previous version's bundle behind (libraries renamed between releases)
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\FieldKit 企业服务助手"; Filename: "{app}\fieldkit.exe"; IconFilename: "{app}\fieldkit.exe"
Name: "{autodesktop}\FieldKit 企业服务助手"; Filename: "{app}\fieldkit.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\fieldkit.exe"; Description: "{cm:LaunchProgram,FieldKit}"; Flags: nowait postinstall skipifsilent

[CustomMessages]
chinesesimplified.DeleteData=是否同时删除本机上的 FieldKit 数据（企业档案、走访记录、尚未同步的修改）？%n%n数据文件夹：%1%n%n选“否”则保留数据，重新安装后可继续使用。
english.DeleteData=Also delete the FieldKit data on this computer (enterprise files, visit records, changes not yet synchronised)?%n%nData folder: %1%n%nChoose No to keep it for a later installation.

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\FieldKit');
    if DirExists(DataDir) and not UninstallSilent then
      if MsgBox(FmtMessage(CustomMessage('DeleteData'), [DataDir]), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
