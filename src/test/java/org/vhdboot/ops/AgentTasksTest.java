package org.vhdboot.ops;

import org.junit.jupiter.api.Test;
import org.vhdboot.layout.OperationException;
import org.vhdboot.windows.ProgramOutput;
import org.vhdboot.windows.RecordingRunner;
import org.vhdboot.windows.SchtasksTaskScheduler;
import org.vhdboot.windows.TaskScheduler;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentTasksTest {
    private static final String COMMAND = "C:\\Program Files\\vhdboot & co\\vhdboot.cmd";

    private static Element parse(String xml) throws Exception {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_16)));
        return doc.getDocumentElement();
    }

    private static String text(Element root, String name) {
        return root.getElementsByTagNameNS("*", name).item(0).getTextContent();
    }

    @Test
    void bootTaskRunsTickAtStartAsSystemWithHighestPrivilegesOnBattery() throws Exception {
        Element task = parse(AgentTasks.forCommand(COMMAND).get(0).xml());
        assertEquals("http://schemas.microsoft.com/windows/2004/02/mit/task", task.getNamespaceURI());
        assertEquals(1, task.getElementsByTagNameNS("*", "BootTrigger").getLength());
        assertEquals("S-1-5-18", text(task, "UserId"));
        assertEquals("HighestAvailable", text(task, "RunLevel"));
        assertEquals("false", text(task, "DisallowStartIfOnBatteries"));
        assertEquals("false", text(task, "StopIfGoingOnBatteries"));
        assertEquals("\"" + COMMAND + "\"", text(task, "Command"), "the path survives escaping, quoted");
        assertEquals("agent tick --boot", text(task, "Arguments"));
    }

    @Test
    void periodicTaskRepeatsEveryFiveMinutes() throws Exception {
        Element task = parse(AgentTasks.forCommand(COMMAND).get(1).xml());
        assertEquals(1, task.getElementsByTagNameNS("*", "TimeTrigger").getLength());
        assertEquals("PT5M", text(task, "Interval"));
        assertEquals("S-1-5-18", text(task, "UserId"));
        assertEquals("agent tick", text(task, "Arguments"));
        assertTrue(AgentTasks.forCommand(COMMAND).get(1).xml().startsWith("<?xml version=\"1.0\" encoding=\"UTF-16\""));
    }

    @Test
    void theTickTaskIsExactlyThisXmlWithTheProgramQuotedAndItsArgumentsApart() throws Exception {
        assertEquals("""
                <?xml version="1.0" encoding="UTF-16" standalone="no"?>
                <Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
                  <RegistrationInfo>
                    <Author>vhdboot</Author>
                    <Description>vhdboot agent: every five minutes, starts the nightly reset when it is due.</Description>
                  </RegistrationInfo>
                  <Triggers>
                    <TimeTrigger>
                      <Repetition>
                        <Interval>PT5M</Interval>
                        <StopAtDurationEnd>false</StopAtDurationEnd>
                      </Repetition>
                      <StartBoundary>2000-01-01T00:00:00</StartBoundary>
                      <Enabled>true</Enabled>
                    </TimeTrigger>
                  </Triggers>
                  <Principals>
                    <Principal id="System">
                      <UserId>S-1-5-18</UserId>
                      <RunLevel>HighestAvailable</RunLevel>
                    </Principal>
                  </Principals>
                  <Settings>
                    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
                    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
                    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
                    <AllowHardTerminate>true</AllowHardTerminate>
                    <StartWhenAvailable>true</StartWhenAvailable>
                    <RunOnlyIfNetworkAvailable>false</RunOnlyIfNetworkAvailable>
                    <IdleSettings>
                      <StopOnIdleEnd>false</StopOnIdleEnd>
                      <RestartOnIdle>false</RestartOnIdle>
                    </IdleSettings>
                    <AllowStartOnDemand>true</AllowStartOnDemand>
                    <Enabled>true</Enabled>
                    <Hidden>false</Hidden>
                    <RunOnlyIfIdle>false</RunOnlyIfIdle>
                    <WakeToRun>false</WakeToRun>
                    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>
                    <Priority>7</Priority>
                  </Settings>
                  <Actions Context="System">
                    <Exec>
                      <Command>"C:\\Program Files\\vhdboot\\vhdboot.cmd"</Command>
                      <Arguments>agent tick</Arguments>
                    </Exec>
                  </Actions>
                </Task>
                """, lines(AgentTasks.forCommand("C:\\Program Files\\vhdboot\\vhdboot.cmd").get(1).xml()));
    }

    @Test
    void anAmpersandInThePathIsEscapedAndStaysInsideTheQuotes() throws Exception {
        String xml = lines(AgentTasks.forCommand("D:\\Labs & Co\\vhd boot\\vhdboot.cmd").get(0).xml());
        assertTrue(xml.contains("""
                    <Exec>
                      <Command>"D:\\Labs &amp; Co\\vhd boot\\vhdboot.cmd"</Command>
                      <Arguments>agent tick --boot</Arguments>
                    </Exec>
                """), xml);
    }

    @Test
    void anAlreadyQuotedPathIsQuotedOnceAndAQuoteInsideIsRefused() throws Exception {
        assertEquals("\"C:\\Program Files\\vhdboot\\vhdboot.cmd\"",
                AgentTasks.quotedCommand(" \"C:\\Program Files\\vhdboot\\vhdboot.cmd\" "));
        for (String bad : List.of("", "\"\"", "C:\\a\"b\\vhdboot.cmd", "C:\\x\nvhdboot.cmd")) {
            OperationException e = assertThrows(OperationException.class, () -> AgentTasks.quotedCommand(bad));
            assertEquals(OperationException.Kind.USAGE, e.kind(), bad);
        }
    }

    /** The XML with Windows line ends, as the transformer may write them, read as plain lines. */
    private static String lines(String xml) {
        return xml.replace("\r\n", "\n");
    }

    @Test
    void installRunsTheExactSchtasksCommandLinesWithReadableXmlFiles() throws Exception {
        List<List<String>> commands = new ArrayList<>();
        List<String> xmlSeen = new ArrayList<>();
        SchtasksTaskScheduler scheduler = new SchtasksTaskScheduler(RecordingRunner.answering(command -> {
            commands.add(command);
            if (command.contains("/XML")) {
                try {
                    byte[] bytes = Files.readAllBytes(Path.of(command.get(3)));
                    String xml = new String(bytes, StandardCharsets.UTF_16LE);
                    xmlSeen.add(xml);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return new ProgramOutput(0, "", "");
        }));
        TestWorld world = new TestWorld().with(TaskScheduler.class, scheduler);
        List<String> registered = new AgentOperation(world.context()).install(COMMAND);
        assertEquals(List.of(AgentTasks.BOOT_TASK, AgentTasks.TICK_TASK), registered);
        assertEquals(2, commands.size());
        for (int i = 0; i < 2; i++) {
            List<String> command = commands.get(i);
            assertEquals(List.of("schtasks.exe", "/Create", "/XML"), command.subList(0, 3));
            assertEquals(List.of("/TN", i == 0 ? "\\vhdboot\\agent-boot" : "\\vhdboot\\agent-tick", "/F"),
                    command.subList(4, 7));
            assertTrue(xmlSeen.get(i).startsWith("\uFEFF<?xml"), "UTF-16LE with a byte order mark");
            assertTrue(!Files.exists(Path.of(command.get(3))), "the temporary XML file is removed");
        }
    }

    @Test
    void installNeedsElevationAndWindows() throws Exception {
        TestWorld world = new TestWorld();
        world.platform.elevated = false;
        assertEquals(OperationException.Kind.NOT_ELEVATED, assertThrows(OperationException.class,
                () -> new AgentOperation(world.context()).install(COMMAND)).kind());
        world.platform.elevated = true;
        OperationException noScheduler = assertThrows(OperationException.class,
                () -> new AgentOperation(world.context()).install(COMMAND));
        assertEquals(OperationException.Kind.PRECONDITION, noScheduler.kind());
        assertTrue(noScheduler.getMessage().contains("Task Scheduler"), noScheduler.getMessage());
    }
}
