package dev.linprobe.demo;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Locates and reads the Fashion-MNIST data set: 60,000 training and 10,000 test images of clothing,
 * 28 x 28 pixels in 8-bit grayscale, each labelled with one of ten classes.
 *
 * <p>The data set is four gzip-compressed IDX files. {@link #locate} takes them from an explicit
 * folder, else from the folder that the Debian package {@value #DEBIAN_PACKAGE} installs, else from
 * a cache folder, downloading the files that the cache lacks.
 */
public final class FashionMnist {

    /** Name of the Debian package that installs the four files into {@link #SYSTEM_FOLDER}. */
    public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

    /** Folder where the Debian package {@value #DEBIAN_PACKAGE} installs the files. */
    public static final Path SYSTEM_FOLDER = Path.of("/usr/share/datasets/fashion-mnist");

    /** Public address that the four files are downloaded from, followed by the file name. */
    public static final URI DEFAULT_BASE_URL = URI.create("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/");

    /** Height and width of every image in pixels. */
    public static final int IMAGE_SIZE = 28;

    /** Class names by integer label, as published with the data set. */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final Logger log = Logger.getLogger(FashionMnist.class);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);

    /** Part of the data set: the training images or the test images. */
    public enum Split {
        /** The 60,000 training images. */
        TRAIN("train"),
        /** The 10,000 test images. */
        TEST("t10k");

        private final String filePrefix;

        Split(String filePrefix) {
            this.filePrefix = filePrefix;
        }

        /** Returns the file name of the images, such as {@code train-images-idx3-ubyte.gz}. */
        public String imagesFileName() {
            return filePrefix + "-images-idx3-ubyte.gz";
        }

        /** Returns the file name of the labels, such as {@code train-labels-idx1-ubyte.gz}. */
        public String labelsFileName() {
            return filePrefix + "-labels-idx1-ubyte.gz";
        }
    }

    private final Path systemFolder;
    private final Path cacheFolder;
    private final URI baseUrl;

    /**
     * Creates a locator with its own folders and download address.
     *
     * @param systemFolder the folder used when it contains all four files, normally {@link #SYSTEM_FOLDER}
     * @param cacheFolder the folder that downloads are stored in
     * @param baseUrl the address that each file name is appended to for a download
     */
    public FashionMnist(Path systemFolder, Path cacheFolder, URI baseUrl) {
        this.systemFolder = systemFolder;
        this.cacheFolder = cacheFolder.toAbsolutePath().normalize();
        String url = baseUrl.toString();
        this.baseUrl = url.endsWith("/") ? baseUrl : URI.create(url + "/");
    }

    /** Creates a locator with {@link #SYSTEM_FOLDER}, {@link #defaultCacheFolder()} and {@link #DEFAULT_BASE_URL}. */
    public static FashionMnist withDefaults() {
        return new FashionMnist(SYSTEM_FOLDER, defaultCacheFolder(), DEFAULT_BASE_URL);
    }

    /**
     * Returns {@code $XDG_CACHE_HOME/linprobe/fashion-mnist} when {@code XDG_CACHE_HOME} is set, else
     * {@code ~/.cache/linprobe/fashion-mnist}.
     */
    public static Path defaultCacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("linprobe").resolve("fashion-mnist");
    }

    /** Returns the four file names: images then labels of the training split, then of the test split. */
    public static List<String> fileNames() {
        List<String> names = new ArrayList<>();
        for (Split split : Split.values()) {
            names.add(split.imagesFileName());
            names.add(split.labelsFileName());
        }
        return List.copyOf(names);
    }

    /**
     * Returns the class name of an integer label.
     *
     * @throws IllegalArgumentException if the label is not from 0 to 9
     */
    public static String className(int label) {
        if (label < 0 || label >= CLASS_NAMES.size()) {
            throw new IllegalArgumentException("Fashion-MNIST label " + label + " is invalid; labels are 0 to "
                    + (CLASS_NAMES.size() - 1));
        }
        return CLASS_NAMES.get(label);
    }

    /**
     * Finds the folder with the four files: {@code explicitFolder} when it is not {@code null}, else
     * the system folder when it contains all four files, else the cache folder after downloading the
     * files that it lacks. Each download is checked as an IDX file and then moved into place, so the
     * cache never contains a partial file.
     *
     * @param explicitFolder a folder that must contain the four files, or {@code null} to search
     * @throws FashionMnistUnavailableException if the explicit folder lacks a file or a download fails
     */
    public Path locate(Path explicitFolder) {
        if (explicitFolder != null) {
            List<String> missing = missingFiles(explicitFolder);
            if (!missing.isEmpty()) {
                throw new FashionMnistUnavailableException("Fashion-MNIST folder " + explicitFolder + " lacks the files "
                        + missing + "; pass a folder that contains all of " + fileNames()
                        + ", or install the Debian package " + DEBIAN_PACKAGE + " and pass no folder");
            }
            return explicitFolder;
        }
        if (systemFolder != null && missingFiles(systemFolder).isEmpty()) {
            log.debugv("Using Fashion-MNIST from {0}", systemFolder);
            return systemFolder;
        }
        if (systemFolder != null && Files.isDirectory(systemFolder)) {
            log.warnv("Fashion-MNIST folder {0} lacks the files {1}; using the cache folder {2}",
                    systemFolder, missingFiles(systemFolder), cacheFolder);
        }
        for (String fileName : missingFiles(cacheFolder)) {
            download(fileName);
        }
        return cacheFolder;
    }

    /**
     * Reads one split from a folder with the four files and checks that it is Fashion-MNIST data:
     * 28 x 28 images, as many labels as images and every label from 0 to 9.
     *
     * @throws IdxFormatException if a file is missing or invalid, or the two files do not match
     */
    public static LabelledImages read(Path folder, Split split) {
        Path imagesFile = folder.resolve(split.imagesFileName());
        Path labelsFile = folder.resolve(split.labelsFileName());
        IdxImages images = IdxReader.readImages(imagesFile);
        byte[] labels = IdxReader.readLabels(labelsFile);

        if (images.rows() != IMAGE_SIZE || images.columns() != IMAGE_SIZE) {
            throw new IdxFormatException(imagesFile, imagesFile + ": images are " + images.rows() + " x " + images.columns()
                    + " pixels but Fashion-MNIST images are " + IMAGE_SIZE + " x " + IMAGE_SIZE
                    + "; check that the folder contains Fashion-MNIST files");
        }
        if (labels.length != images.count()) {
            throw new IdxFormatException(labelsFile, labelsFile + " contains " + labels.length + " labels but "
                    + imagesFile + " contains " + images.count() + " images; the two files must come from the same split"
                    + " of the same download");
        }
        for (int i = 0; i < labels.length; i++) {
            int label = Byte.toUnsignedInt(labels[i]);
            if (label >= CLASS_NAMES.size()) {
                throw new IdxFormatException(labelsFile, labelsFile + ": label " + label + " of image " + i
                        + " is invalid; Fashion-MNIST labels are 0 to " + (CLASS_NAMES.size() - 1));
            }
        }
        return new LabelledImages(images, labels);
    }

    private static List<String> missingFiles(Path folder) {
        List<String> missing = new ArrayList<>();
        for (String name : fileNames()) {
            if (!Files.isRegularFile(folder.resolve(name))) {
                missing.add(name);
            }
        }
        return missing;
    }

    private void download(String fileName) {
        URI url = baseUrl.resolve(fileName);
        Path target = cacheFolder.resolve(fileName);
        log.infov("Downloading Fashion-MNIST file {0} from {1} into {2}", fileName, url, cacheFolder);
        Path partial = null;
        try {
            Files.createDirectories(cacheFolder);
            partial = Files.createTempFile(cacheFolder, fileName, ".part");
            HttpClient client = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .build();
            HttpRequest request = HttpRequest.newBuilder(url).timeout(DOWNLOAD_TIMEOUT).GET().build();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new FashionMnistUnavailableException(failure(url, "the server returned HTTP " + response.statusCode()));
                }
                Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            checkIdx(partial, fileName, url);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            log.infov("Downloaded Fashion-MNIST file {0} ({1} bytes)", target, Files.size(target));
        } catch (IOException e) {
            throw new FashionMnistUnavailableException(failure(url, e.toString()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FashionMnistUnavailableException(failure(url, "the download was interrupted"), e);
        } finally {
            deletePartial(partial);
        }
    }

    /** Reads a downloaded file completely, so that an error page or a cut download never enters the cache. */
    private void checkIdx(Path partial, String fileName, URI url) {
        try {
            if (fileName.contains("-images-")) {
                IdxReader.readImages(partial);
            } else {
                IdxReader.readLabels(partial);
            }
        } catch (IdxFormatException e) {
            throw new FashionMnistUnavailableException(failure(url, "the downloaded file is not a valid IDX file: "
                    + e.getMessage()), e);
        }
    }

    private String failure(URI url, String reason) {
        return "failed to download Fashion-MNIST from " + url + " into " + cacheFolder + ": " + reason
                + ". Install the Debian package " + DEBIAN_PACKAGE + " (it puts the files in " + SYSTEM_FOLDER
                + "), or pass a folder that contains " + fileNames();
    }

    private static void deletePartial(Path partial) {
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            log.warnv(e, "Could not delete the partial download {0}", partial);
        }
    }
}
