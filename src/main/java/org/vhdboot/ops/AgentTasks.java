package org.vhdboot.ops;

import org.vhdboot.layout.OperationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.io.StringWriter;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;

/**
 * The agent's two Task Scheduler definitions: one at boot, one every five minutes, both running
 * {@code vhdboot agent tick} as SYSTEM with highest privileges, on battery too. Built as DOM so every value is
 * escaped, and written as UTF-16 as {@code schtasks /Create /XML} expects.
 */
public final class AgentTasks {
    public static final String FOLDER = "\\vhdboot\\";
    public static final String BOOT_TASK = FOLDER + "agent-boot";
    public static final String TICK_TASK = FOLDER + "agent-tick";
    private static final String NAMESPACE = "http://schemas.microsoft.com/windows/2004/02/mit/task";
    private static final String SYSTEM_SID = "S-1-5-18";

    /** One task: its name and its XML. */
    public record Task(String name, String xml) {
    }

    private AgentTasks() {
    }

    /**
     * @param command the launcher the tasks run, e.g. {@code C:\Program Files\vhdboot\vhdboot.cmd}, quoted or not
     * @throws OperationException when it is empty or holds a double quote inside
     */
    public static List<Task> forCommand(String command) throws OperationException {
        String quoted = quotedCommand(command);
        return List.of(new Task(BOOT_TASK, xml(quoted, "agent tick --boot", true,
                        "vhdboot agent: at boot, finishes a pending nightly reset (in Recovery) or one missed while"
                                + " the machine was off (in Current).")),
                new Task(TICK_TASK, xml(quoted, "agent tick", false,
                        "vhdboot agent: every five minutes, starts the nightly reset when it is due.")));
    }

    /**
     * The program path in double quotes, as Task Scheduler writes it itself: unquoted, a path with a space runs
     * as its first word ({@code C:\Program}). The arguments stay apart, in {@code <Arguments>}.
     */
    static String quotedCommand(String command) throws OperationException {
        String path = command.strip();
        if (path.length() >= 2 && path.startsWith("\"") && path.endsWith("\"")) {
            path = path.substring(1, path.length() - 1);
        }
        if (path.isBlank() || path.contains("\"") || path.chars().anyMatch(c -> c < 32)) {
            throw new OperationException(OperationException.Kind.USAGE, "--command '" + command + "' is not a"
                    + " program path: give the launcher's path, e.g. C:\\Program Files\\vhdboot\\vhdboot.cmd");
        }
        return "\"" + path + "\"";
    }

    private static String xml(String command, String arguments, boolean atBoot, String description) {
        try {
            Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
            Element task = doc.createElementNS(NAMESPACE, "Task");
            task.setAttribute("version", "1.2");
            doc.appendChild(task);

            Element registration = child(task, "RegistrationInfo");
            text(registration, "Author", "vhdboot");
            text(registration, "Description", description);

            Element triggers = child(task, "Triggers");
            if (atBoot) {
                Element boot = child(triggers, "BootTrigger");
                text(boot, "Enabled", "true");
                // Let the network and the event log start first.
                text(boot, "Delay", "PT30S");
            } else {
                Element time = child(triggers, "TimeTrigger");
                Element repetition = child(time, "Repetition");
                text(repetition, "Interval", "PT5M");
                text(repetition, "StopAtDurationEnd", "false");
                text(time, "StartBoundary", "2000-01-01T00:00:00");
                text(time, "Enabled", "true");
            }

            Element principal = child(child(task, "Principals"), "Principal");
            principal.setAttribute("id", "System");
            text(principal, "UserId", SYSTEM_SID);
            text(principal, "RunLevel", "HighestAvailable");

            Element settings = child(task, "Settings");
            text(settings, "MultipleInstancesPolicy", "IgnoreNew");
            // Lab laptops on battery must still reset.
            text(settings, "DisallowStartIfOnBatteries", "false");
            text(settings, "StopIfGoingOnBatteries", "false");
            text(settings, "AllowHardTerminate", "true");
            text(settings, "StartWhenAvailable", "true");
            text(settings, "RunOnlyIfNetworkAvailable", "false");
            Element idle = child(settings, "IdleSettings");
            text(idle, "StopOnIdleEnd", "false");
            text(idle, "RestartOnIdle", "false");
            text(settings, "AllowStartOnDemand", "true");
            text(settings, "Enabled", "true");
            text(settings, "Hidden", "false");
            text(settings, "RunOnlyIfIdle", "false");
            text(settings, "WakeToRun", "false");
            text(settings, "ExecutionTimeLimit", "PT1H");
            text(settings, "Priority", "7");

            Element actions = child(task, "Actions");
            actions.setAttribute("Context", "System");
            Element exec = child(actions, "Exec");
            text(exec, "Command", command);
            text(exec, "Arguments", arguments);

            StringWriter out = new StringWriter();
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-16");
            transformer.setOutputProperty(OutputKeys.INDENT, "yes");
            transformer.setOutputProperty("{http://xml.apache.org/xslt}indent-amount", "2");
            transformer.transform(new DOMSource(doc), new StreamResult(out));
            return out.toString();
        } catch (ParserConfigurationException | TransformerException e) {
            throw new IllegalStateException("cannot build task XML: " + e.getMessage(), e);
        }
    }

    private static Element child(Element parent, String name) {
        Element element = parent.getOwnerDocument().createElementNS(NAMESPACE, name);
        parent.appendChild(element);
        return element;
    }

    private static void text(Element parent, String name, String value) {
        child(parent, name).setTextContent(value);
    }
}
