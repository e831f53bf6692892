; Inno Setup script for Windows: installs the PyInstaller one-folder build (dist\fieldkit).
; Build: pyinstaller installer\fieldkit.spec --noconfirm ; then iscc installer\windows.iss
[Setup]
AppName=FieldKit 企业服务助手
AppVersion=0.1.0
DefaultDirName={autopf}\FieldKit
DefaultGroupName=FieldKit
OutputBaseFilename=FieldKit-Setup
Compression=lzma2
SolidCompression=yes

[Files]
Source: "..\dist\fieldkit\*"; DestDir: "{app}"; Flags: recursesubdirs

[Icons]
Name: "{group}\FieldKit 企业服务助手"; Filename: "{app}\fieldkit.exe"
