package dev.stowage.gateway;

import dev.stowage.BlobStore;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Sample images drawn with Java2D for the demo store, so that {@code stowage serve} without configuration has
 * something to show: a landscape JPEG with gradients and shapes, a transparent PNG, and a portrait JPEG of text.
 */
public final class DemoImages {
    /** The keys written by {@link #seed}. */
    public static final List<String> KEYS = List.of("gradient.jpg", "shapes.png", "poster.jpg");

    private DemoImages() {
    }

    /** Writes the sample images into {@code store} unless they are already there. */
    public static void seed(BlobStore store) {
        put(store, "gradient.jpg", gradient(1600, 1000), "jpg", "image/jpeg");
        put(store, "shapes.png", shapes(800, 800), "png", "image/png");
        put(store, "poster.jpg", poster(1200, 1600), "jpg", "image/jpeg");
    }

    private static void put(BlobStore store, String key, BufferedImage image, String format, String type) {
        if (store.exists(key)) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        store.put(key, ContentSource.ofBytes(out.toByteArray()), PutOptions.builder().contentType(type).build());
    }

    static BufferedImage gradient(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setPaint(new GradientPaint(0, 0, new Color(0x1e3c72), w, h, new Color(0xf7797d)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 12; i++) {
            float hue = i / 12f;
            g.setColor(Color.getHSBColor(hue, 0.6f, 1f));
            double r = 60 + i * 12;
            g.fill(new Ellipse2D.Double(80 + i * 120, h / 2.0 - r + Math.sin(i) * 200, r * 2, r * 2));
        }
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 120));
        g.drawString("Stowage", 80, h - 100);
        g.dispose();
        return img;
    }

    static BufferedImage shapes(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(img);
        g.setColor(new Color(0x33, 0x99, 0xff, 200));
        g.fill(new RoundRectangle2D.Double(60, 60, w - 320, h - 320, 80, 80));
        g.setColor(new Color(0xff, 0x66, 0x33, 220));
        g.fill(new Ellipse2D.Double(w / 2.0 - 80, h / 2.0 - 80, 320, 320));
        g.setStroke(new BasicStroke(24));
        g.setColor(new Color(0x22, 0xcc, 0x88));
        g.drawLine(40, h - 40, w - 40, 40);
        g.dispose();
        return img;
    }

    static BufferedImage poster(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = graphics(img);
        g.setPaint(new RadialGradientPaint(w / 2f, h / 3f, h * 0.8f, new float[] {0f, 1f},
                new Color[] {new Color(0xfdfbfb), new Color(0x2c3e50)}));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(0x2c3e50));
        g.setFont(new Font(Font.SERIF, Font.BOLD, 140));
        g.drawString("Any store.", 90, h / 3);
        g.setFont(new Font(Font.SERIF, Font.ITALIC, 110));
        g.drawString("Any size.", 90, h / 3 + 180);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.MONOSPACED, Font.PLAIN, 56));
        g.drawString("/demo/tr:w-300/poster.jpg", 90, h - 160);
        g.dispose();
        return img;
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }
}
