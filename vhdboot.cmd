@echo off
rem vhdboot launcher for Windows: runs vhdboot.jar with the bundled runtime when present, else java on PATH.
setlocal
set "HERE=%~dp0"
set "JAR=%HERE%vhdboot.jar"
if not exist "%JAR%" set "JAR=%HERE%target\vhdboot.jar"
if not exist "%JAR%" (
    echo vhdboot: error: vhdboot.jar not found next to this script or in target\; run "mvn -B package" 1>&2
    exit /b 5
)
set "JAVA=java"
if exist "%HERE%runtime\bin\java.exe" set "JAVA=%HERE%runtime\bin\java.exe"
"%JAVA%" %VHDBOOT_JAVA_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
