@echo off
rem jmpiexec: start N ranks of a command as one jmpi job (jmpiexec --help says more).
rem Environment: JAVA_HOME (else java from PATH), JMPI_JAVA_OPTS (options for jmpiexec's JVM).
setlocal
for %%i in ("%~dp0..") do set "JMPI_HOME=%%~fi"
set "JAVA=java"
if defined JAVA_HOME set "JAVA=%JAVA_HOME%\bin\java.exe"
if not defined JMPI_JAVA_OPTS set "JMPI_JAVA_OPTS=-XX:+UseSerialGC -XX:TieredStopAtLevel=1"
"%JAVA%" %JMPI_JAVA_OPTS% -cp "%JMPI_HOME%\lib\*" io.jmpi.launcher.JmpiExec %*
exit /b %ERRORLEVEL%
