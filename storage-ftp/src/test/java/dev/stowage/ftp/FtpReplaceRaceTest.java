package dev.stowage.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.FtpServerEmulator;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.filesystem.nativefs.NativeFileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemFactory;
import org.apache.ftpserver.ftplet.FileSystemView;
import org.apache.ftpserver.ftplet.FtpFile;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.Listener;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.WritePermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reads racing an overwrite on Apache FtpServer, whose overwrite is delete + rename. The server answers MLST by
 * checking that the path exists and then reading size, time and type from the path one at a time, so a file deleted
 * in between is described with the facts of no file: size 0, time 0, and no type until the new file is renamed in.
 * Here the replace is made to land in exactly that gap, in a file system that deletes the file just after the
 * server has seen that it exists and puts the new version in place at a chosen later call.
 */
class FtpReplaceRaceTest {
    private static final int SIZE = 32 * 1024;

    @TempDir
    Path dir;
    private Path root;
    private FtpServer server;
    private int port;
    private final AtomicReference<Replace> replace = new AtomicReference<>();

    /** One replace of {@code path}: deleted right after {@code vanishAfter}, back (new) before {@code returnBefore}. */
    private record Replace(Path path, String vanishAfter, String returnBefore, byte[] next, boolean[] vanished) {
    }

    @BeforeEach
    void start() throws Exception {
        root = Files.createDirectories(dir.resolve("root"));
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(0);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        Listener l = listener.createListener();
        factory.addListener("default", l);
        factory.setUserManager(userManager());
        FileSystemFactory nativeFs = new NativeFileSystemFactory();
        factory.setFileSystem(user -> racing(nativeFs.createFileSystemView(user)));
        server = factory.createServer();
        server.start();
        port = l.getPort();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private UserManager userManager() throws Exception {
        PropertiesUserManagerFactory factory = new PropertiesUserManagerFactory();
        factory.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        Path file = Files.createFile(dir.resolve("users.properties"));
        factory.setFile(file.toFile());
        UserManager users = factory.createUserManager();
        BaseUser user = new BaseUser();
        user.setName(FtpServerEmulator.USER);
        user.setPassword(FtpServerEmulator.PASSWORD);
        user.setHomeDirectory(root.toString());
        user.setEnabled(true);
        user.setAuthorities(List.of(new WritePermission()));
        users.save(user);
        return users;
    }

    private String uri(String folder) {
        return "ftp://" + FtpServerEmulator.USER + ":" + URLEncoder.encode(FtpServerEmulator.PASSWORD,
                StandardCharsets.UTF_8) + "@127.0.0.1:" + port + "/" + folder;
    }

    private FileSystemView racing(FileSystemView view) {
        return proxy(FileSystemView.class, view, (m, args) -> {
            if (m.getName().equals("getFile")) {
                step("getFile");
                FtpFile f = (FtpFile) invoke(view, m, args);
                return f == null ? null : racing(f);
            }
            return invoke(view, m, args);
        });
    }

    private FtpFile racing(FtpFile file) {
        Path real = root.resolve(file.getAbsolutePath().substring(1));
        return proxy(FtpFile.class, file, (m, args) -> {
            step(m.getName());
            Object result = invoke(file, m, args);
            Replace r = replace.get();
            if (r != null && !r.vanished()[0] && r.path().equals(real) && m.getName().equals(r.vanishAfter())
                    && Boolean.TRUE.equals(result)) {
                Files.delete(real); // another client's DELE lands here
                r.vanished()[0] = true;
            }
            return result;
        });
    }

    /** Puts the new version in place (another client's RNTO) when the chosen call comes. */
    private void step(String method) throws IOException {
        Replace r = replace.get();
        if (r != null && r.vanished()[0] && method.equals(r.returnBefore()) && replace.compareAndSet(r, null)) {
            Files.write(r.path(), r.next());
        }
    }

    private interface Call {
        Object call(Method m, Object[] args) throws Throwable;
    }

    /** A proxy's handler, which knows what it stands for: the server's own files take only their own kind. */
    private record Delegating(Object target, Call call) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            return call.call(m, args);
        }
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        Object[] plain = args == null ? null : Arrays.stream(args).map(FtpReplaceRaceTest::unwrap).toArray();
        try {
            return m.invoke(target, plain);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object unwrap(Object arg) {
        return arg != null && Proxy.isProxyClass(arg.getClass())
                && Proxy.getInvocationHandler(arg) instanceof Delegating d ? d.target() : arg;
    }

    private static <T> T proxy(Class<T> type, Object target, Call call) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new Delegating(target, call)));
    }

    private static byte[] filled(int value) {
        byte[] b = new byte[SIZE];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static void assertWholeNewVersion(byte[] seen) {
        assertThat(seen.length).as("bytes read").isEqualTo(SIZE);
        assertThat(seen).as("the new version, whole").isEqualTo(filled(2));
    }

    private void replaceNextLookOf(Path file, String vanishAfter, String returnBefore, byte[] next) {
        replace.set(new Replace(file, vanishAfter, returnBefore, next, new boolean[1]));
    }

    @Test
    void aFileReplacedWhileTheServerDescribesItIsLookedAtAgainNotReadAsEmpty() {
        try (BlobStore store = BlobStores.open(uri("t"))) {
            store.put("flip.bin", filled(1));
            store.put("flip.bin", filled(3)); // the server refuses to rename onto it: the store learns delete + rename
            // deleted after MLST saw it exist, back as the new version when the next command looks for a file:
            // the answer in between is "Size=0;Modify=19700101000000;Perm=; flip.bin"
            replaceNextLookOf(root.resolve("t/flip.bin"), "doesExist", "getFile", filled(2));
            assertWholeNewVersion(store.getBytes("flip.bin"));
            assertThat(replace.get()).as("the replace happened").isNull();
        }
    }

    @Test
    void aStoreThatHasNotSeenAnOverwriteFindsNoObjectThereRatherThanAnEmptyOne() {
        try (BlobStore store = BlobStores.open(uri("t"))) {
            store.put("flip.bin", filled(1)); // a first write: nothing tells the store yet how the server replaces
            replaceNextLookOf(root.resolve("t/flip.bin"), "doesExist", "getFile", filled(2));
            assertThatThrownBy(() -> store.getBytes("flip.bin")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND)); // as in the gap between delete and rename
            assertWholeNewVersion(store.getBytes("flip.bin")); // the rename has come since
            assertThat(replace.get()).as("the replace happened").isNull();
        }
    }

    @Test
    void aFileSaidEmptyMidReplaceIsReadToBeSureOnDeleteAndRenameServers() {
        try (BlobStore store = BlobStores.open(uri("t"))) {
            store.put("flip.bin", filled(1));
            store.put("flip.bin", filled(3)); // the server refuses to rename onto it: the store learns delete + rename
            // deleted after MLST saw it exist, back before MLST asks its type: "Size=0;Modify=...;Type=file"
            replaceNextLookOf(root.resolve("t/flip.bin"), "doesExist", "isFile", filled(2));
            assertWholeNewVersion(store.getBytes("flip.bin"));
            assertThat(replace.get()).as("the replace happened").isNull();
        }
    }
}
